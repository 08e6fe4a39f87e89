'use client';
import { useEffect, useId, useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useChat } from '@/components/chat/ChatProvider';
import { onComposerInsert, withInsert } from '@/components/chat/composer-inserts';
import { FormError } from '@/components/ui/field';
import { useWorkspace } from '@/components/workspace/workspace-context';

/**
 * The reply box of a visitor conversation the person has not joined: sending joins it (and takes
 * it when nobody has it), then sends. Afterwards the ordinary composer takes over.
 */
export function ReplyToJoin({
  conversationId,
  visitorName,
}: {
  conversationId: string;
  visitorName: string;
}) {
  const { ws } = useWorkspace();
  const { engine } = useChat();
  const utils = trpc.useUtils();
  const [text, setText] = useState('');
  const hintId = useId();
  const ref = { workspaceId: ws.id, conversationId };
  const join = trpc.inbox.join.useMutation();
  useEffect(
    () => onComposerInsert(conversationId, (insert) => setText((t) => withInsert(t, t.length, insert).text)),
    [conversationId],
  );
  const send = async () => {
    if (!text.trim() || join.isPending) return;
    await join.mutateAsync(ref);
    engine.send(conversationId, text);
    setText('');
    await Promise.all([
      utils.inbox.get.invalidate(ref),
      utils.inbox.list.invalidate(),
      utils.inbox.counts.invalidate(),
      utils.read.states.invalidate({ workspaceId: ws.id }),
      utils.channel.listBySubject.invalidate({ workspaceId: ws.id }),
    ]);
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send().catch(() => undefined);
      }}
    >
      <textarea
        aria-label={`Reply to ${visitorName}`}
        aria-describedby={hintId}
        placeholder={`Reply to ${visitorName}…`}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send().catch(() => undefined);
          }
        }}
      />
      <div className="composer-bar">
        <small id={hintId} className="muted">
          Replying joins the conversation and assigns it to you if nobody has it.
        </small>
        <button type="submit" disabled={!text.trim() || join.isPending}>
          Send
        </button>
      </div>
      <FormError error={toShownError(join.error)} />
    </form>
  );
}
