import { presenceSetInput } from '../domain/presence/schemas';
import { setPresence } from '../domain/presence/service';
import { conversationRef, joinConversationRoom, leaveConversationRoom } from './conversation-rooms';
import { startTyping } from '../domain/typing/service';
import { handle, handleUnknown } from './handle';
import { sendViaBatcher } from '../domain/message/batcher';
import { sync } from '../domain/message/read';
import { markRead } from '../domain/message/read-state';
import { socketMarkRead, socketSend, socketSync } from './message-events';
import { inWorkspace, joinedWorkspace } from './socket-scope';
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
  handle(socket, 'message:send', {
    schema: socketSend,
    workspaceOf: (input) => input.workspaceId,
    // The socket must be in the workspace before anything is loaded or queued; membership,
    // conversation access and the send itself are checked again in the batch transaction.
    handler: ({ socket: s, actor }, { workspaceId, ...input }) =>
      sendViaBatcher(joinedWorkspace(s, workspaceId), { userId: actor.userId, ...input }),
  });
  handle(socket, 'sync', {
    schema: socketSync,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(s.data, workspaceId, { write: false }, (ctx) => sync(ctx, input)),
  });
  handle(socket, 'read:mark', {
    schema: socketMarkRead,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(s.data, workspaceId, { write: true, conversationId: input.conversationId }, (ctx) =>
        markRead(ctx, input),
      ),
  });
  handleUnknown(socket);
}
