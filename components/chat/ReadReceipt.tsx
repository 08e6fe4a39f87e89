'use client';
import { useEffect } from 'react';
import { trpc } from '../client/trpc';
import { useChat } from './ChatProvider';
import { listNames } from './format';

/** "Seen by Ann and Bo" (or "Seen by 60" in large conversations) under the caller's latest message. */
export function ReadReceipt({
  conversationId,
  messageId,
  seq,
}: {
  conversationId: string;
  messageId: string;
  seq: number;
}) {
  const { engine, workspaceId, userId, nameOf, unknownName } = useChat();
  const utils = trpc.useUtils();
  const receipts = trpc.read.receipts.useQuery({ workspaceId, messageId }, { staleTime: 0 });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = engine.onActivity((a) => {
      if (a.type !== 'read' || a.conversationId !== conversationId || a.userId === userId) return;
      if (a.lastReadSeq < seq || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void utils.read.receipts.invalidate({ workspaceId, messageId });
      }, 150);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [engine, utils, workspaceId, messageId, conversationId, userId, seq]);

  const data = receipts.data;
  if (!data || data.seenCount === 0) return null;
  const text = data.seenBy
    ? `Seen by ${listNames(data.seenBy.map((id) => nameOf(id) ?? unknownName.toLowerCase()))}`
    : `Seen by ${data.seenCount}`;
  const all = data.seenBy
    ? data.seenBy.map((id) => nameOf(id) ?? unknownName.toLowerCase()).join(', ')
    : undefined;
  return (
    <p className="receipt" title={all}>
      {text}
    </p>
  );
}
