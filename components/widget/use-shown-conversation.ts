'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { trpc, type RouterOutputs } from '../client/trpc';
import { useChat } from '../chat/ChatProvider';
import type { FrameMessage } from './frame-bridge';
import type { OpenRequest } from './host-state';
import { errorCode, errorMessage } from './session';

export type VisitorConversation = RouterOutputs['widget']['open'];
type Shown = { conversation: VisitorConversation } | { error: { code: string; message: string } };

/**
 * Which conversation the panel shows. A host `open` request wins (and is served at once); without
 * one, the visitor's own conversation, opened (and created, on the server) only when the panel is
 * first shown, so visitors who never open it get none. The visitor may switch with `pick`.
 */
export function useShownConversation({
  openRequest,
  visible,
  page,
  post,
}: {
  openRequest: OpenRequest | null;
  visible: boolean;
  /** The host page the visitor is on, if it said. */
  page: string | null;
  post: (m: FrameMessage) => void;
}) {
  const { workspaceId } = useChat();
  const utils = trpc.useUtils();
  const [shown, setShown] = useState<Shown | null>(null);
  const [retries, setRetries] = useState(0);
  // The last request acted on (`open:<seq>` or `own`), and a ticket that a newer choice invalidates.
  const served = useRef<string | null>(null);
  const ticket = useRef(0);

  const want = openRequest ? `open:${openRequest.seq}` : visible ? 'own' : null;
  useEffect(() => {
    if (!want || served.current === want) return;
    // Once anything is shown, visibility alone does not replace it.
    if (want === 'own' && served.current !== null) return;
    served.current = want;
    const mine = ++ticket.current;
    const req = want === 'own' ? null : openRequest;
    utils.client.widget.open
      .mutate({
        workspaceId,
        ...(req?.subject ? { subject: req.subject } : {}),
        ...(req?.title ? { title: req.title } : {}),
        ...(page ? { pageUrl: page } : {}),
      })
      .then(
        (conversation) => {
          if (ticket.current !== mine) return;
          setShown({ conversation });
          // It may be new: its room and unread count come with the list.
          void utils.widget.conversations.invalidate({ workspaceId });
        },
        (err: unknown) => {
          if (ticket.current !== mine) return;
          const error = { code: errorCode(err), message: errorMessage(err) };
          post({ type: 'error', ...error });
          setShown({ error });
        },
      );
  }, [want, openRequest, page, workspaceId, utils, post, retries]);

  const retry = useCallback(() => {
    served.current = null;
    setRetries((n) => n + 1);
  }, []);
  const pick = useCallback((conversation: VisitorConversation) => {
    ticket.current++;
    setShown({ conversation });
  }, []);

  return {
    conversation: shown && 'conversation' in shown ? shown.conversation : null,
    error: shown && 'error' in shown ? shown.error : null,
    retry,
    pick,
  };
}
