'use client';
import { useEffect } from 'react';
import type { ChatSocket } from '../client/socket-store';
import { trpc } from '../client/trpc';
import { useChat } from '../chat/ChatProvider';
import type { ServerToClientEvents } from '../chat/types';
import type { FrameMessage } from './frame-bridge';

/**
 * Tells the host about each new message from someone else in the visitor's conversations (for its
 * own notifications). The socket event carries the whole message, so nothing is fetched for it;
 * only an author not yet known by name refetches the people list first. Order is kept.
 */
export function useForwardMessages(socket: ChatSocket, post: (m: FrameMessage) => void) {
  const { workspaceId, userId } = useChat();
  const utils = trpc.useUtils();
  useEffect(() => {
    let live = true;
    let queue = Promise.resolve();
    const nameOf = (id: string) =>
      utils.widget.people.getData({ workspaceId })?.find((p) => p.userId === id)?.name;
    const onNew: ServerToClientEvents['message:new'] = (m) => {
      const authorId = m.authorId;
      if (m.workspaceId !== workspaceId || !authorId || authorId === userId) return;
      queue = queue
        .then(async () => {
          if (nameOf(authorId) === undefined) await utils.widget.people.invalidate({ workspaceId });
          if (!live) return;
          post({
            type: 'message',
            conversationId: m.conversationId,
            messageId: m.id,
            authorId,
            authorName: nameOf(authorId) ?? 'The team',
            text: m.body ?? '',
          });
        })
        .catch(() => undefined);
    };
    socket.on('message:new', onNew);
    return () => {
      live = false;
      socket.off('message:new', onNew);
    };
  }, [socket, workspaceId, userId, utils, post]);
}
