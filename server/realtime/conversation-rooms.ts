import { z } from 'zod';
import { conversationAccess } from '../domain/channel/access';
import { notFound } from '../lib/errors';
import { uuidInput } from '../lib/text';
import { rooms } from './publish';
import type { AppSocket } from './types';

export const conversationRef = z.object({ workspaceId: uuidInput(), channelId: uuidInput() });
export type ConversationRef = z.infer<typeof conversationRef>;

/** Subscribes the socket to a conversation's room once the same membership check as the API passes. */
export async function joinConversationRoom(socket: AppSocket, input: ConversationRef) {
  const access = await conversationAccess(socket.data.actor.userId, input.workspaceId, input.channelId);
  if (!access) throw notFound('Channel');
  await socket.join(rooms.conversation(input.workspaceId, input.channelId));
  return { channelId: input.channelId, access };
}

export async function leaveConversationRoom(socket: AppSocket, input: ConversationRef) {
  await socket.leave(rooms.conversation(input.workspaceId, input.channelId));
  return { channelId: input.channelId };
}
