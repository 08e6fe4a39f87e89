import { sync } from '../domain/history/service';
import { markRead } from '../domain/read-state/service';
import { presenceSetInput } from '../domain/presence/schemas';
import { startTyping } from '../domain/typing/service';
import type { Runtime } from '../runtime';
import { notFound } from '../lib/errors';
import { joinConversationRoom, leaveConversationRoom, nothingOutside } from './conversation-rooms';
import { handle, handleUnknown } from './handle';
import { conversationRef, socketMarkRead, socketSend, socketSync } from './message-events';
import { inWorkspace, joinedWorkspace } from './socket-scope';
import type { AppSocket } from './types';

/** Every client event, thin: validate, limit, gate, call the domain. Keep in step with clientEventNames. */
/** `track` is told of every event being handled, so a draining node can wait for their acks. */
export function registerHandlers(rt: Runtime, socket: AppSocket, track: (work: Promise<unknown>) => void) {
  handle(rt, socket, track, 'presence:set', {
    schema: presenceSetInput,
    handler: ({ actor }, input) => rt.presence.set(actor.userId, input),
  });
  handle(rt, socket, track, 'channel:join', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => joinConversationRoom(rt, s, input),
  });
  handle(rt, socket, track, 'channel:leave', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => leaveConversationRoom(s, input),
  });
  handle(rt, socket, track, 'typing', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: async ({ socket: s }, input) => {
      const typed = await inWorkspace(
        rt,
        s.data,
        input.workspaceId,
        { write: false, conversationId: input.conversationId },
        (ctx) => startTyping(ctx, input.conversationId),
      ).catch(nothingOutside);
      if (!typed) throw notFound('Channel');
      return typed;
    },
  });
  handle(rt, socket, track, 'message:send', {
    schema: socketSend,
    workspaceOf: (input) => input.workspaceId,
    // The socket must be in the workspace before anything is loaded or queued; membership,
    // conversation access and the send itself are checked again in the batch transaction.
    handler: ({ socket: s, actor }, { workspaceId, ...input }) =>
      rt.batcher.send(joinedWorkspace(s, workspaceId), { userId: actor.userId, ...input }),
  });
  handle(rt, socket, track, 'sync', {
    schema: socketSync,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(rt, s.data, workspaceId, { write: false }, (ctx) => sync(ctx, input)),
  });
  handle(rt, socket, track, 'read:mark', {
    schema: socketMarkRead,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(rt, s.data, workspaceId, { write: true, conversationId: input.conversationId }, (ctx) =>
        markRead(ctx, input),
      ),
  });
  handleUnknown(rt, socket);
}
