import { presenceSetInput } from '../domain/presence/schemas';
import { setPresence } from '../domain/presence/service';
import { conversationRef, joinConversationRoom, leaveConversationRoom } from './conversation-rooms';
import { startTyping } from '../domain/typing/service';
import { handle, handleUnknown } from './handle';
import type { AppSocket } from './types';

/** Every client event, thin: validate, limit, call the domain. Keep in step with clientEventNames. */
export function registerHandlers(socket: AppSocket) {
  handle(socket, 'presence:set', {
    schema: presenceSetInput,
    handler: ({ actor }, input) => setPresence(actor.userId, input),
  });
  handle(socket, 'channel:join', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => joinConversationRoom(s, input),
  });
  handle(socket, 'channel:leave', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => leaveConversationRoom(s, input),
  });
  handle(socket, 'typing', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ actor }, input) => startTyping(actor.userId, input.workspaceId, input.channelId),
  });
  handleUnknown(socket);
}
