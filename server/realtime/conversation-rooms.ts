import { accessOf } from '../domain/message/access';
import { AppError, notFound } from '../lib/errors';
import type { Runtime } from '../runtime';
import type { ConversationRef } from './message-events';
import { rooms } from './rooms';
import { inWorkspace } from './socket-scope';
import type { AppSocket } from './types';

/**
 * Subscribes the socket to a conversation's room once the gate lets the caller in and the one read
 * rule (accessOf) allows it; the conversation's access row comes with the membership read.
 */
export async function joinConversationRoom(rt: Runtime, socket: AppSocket, input: ConversationRef) {
  const access = await inWorkspace(
    rt,
    socket.data,
    input.workspaceId,
    { write: false, conversationId: input.conversationId },
    ({ scope }) => Promise.resolve(accessOf(scope.conversation?.row ?? null, scope.role)),
  ).catch(nothingOutside);
  if (!access) throw notFound('Channel');
  await socket.join(rooms.conversation(input.workspaceId, input.conversationId));
  return { conversationId: input.conversationId, access };
}

/** Outside the workspace, the answer is the one an unknown conversation gets: nothing is revealed. */
export const nothingOutside = (e: unknown): null => {
  if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
  throw e;
};

export async function leaveConversationRoom(socket: AppSocket, input: ConversationRef) {
  await socket.leave(rooms.conversation(input.workspaceId, input.conversationId));
  return { conversationId: input.conversationId };
}
