import { sync } from '../domain/history/service';
import { markRead } from '../domain/read-state/service';
import { presenceSetInput } from '../domain/presence/schemas';
import { startTyping } from '../domain/typing/service';
import type { Runtime } from '../runtime';
import { notFound } from '../lib/errors';
import { joinConversationRoom, leaveConversationRoom, nothingOutside } from './conversation-rooms';
import { handle, handleUnknown, type InFlight } from './handle';
import { conversationRef, socketMarkRead, socketSend, socketSync } from './message-events';
import { inWorkspace, joinedWorkspace } from './socket-scope';
import type { AppSocket } from './types';

/** Every client event, thin: validate, limit, gate, call the domain. Keep in step with clientEventNames. */
/** `inFlight` holds every event being handled, so a draining node can wait for their acks. */
export function registerHandlers(rt: Runtime, socket: AppSocket, inFlight: InFlight) {
  handle(rt, socket, inFlight, 'presence:set', {
    schema: presenceSetInput,
    handler: ({ actor }, input) => rt.presence.set(actor.userId, input),
  });
  handle(rt, socket, inFlight, 'channel:join', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => joinConversationRoom(rt, s, input),
  });
  handle(rt, socket, inFlight, 'channel:leave', {
    schema: conversationRef,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, input) => leaveConversationRoom(s, input),
  });
  handle(rt, socket, inFlight, 'typing', {
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
  handle(rt, socket, inFlight, 'message:send', {
    schema: socketSend,
    workspaceOf: (input) => input.workspaceId,
    // The socket must be in the workspace before anything is loaded or queued; membership,
    // conversation access and the send itself are checked again in the batch transaction.
    handler: ({ socket: s, actor }, { workspaceId, ...input }) =>
      rt.batcher.send(joinedWorkspace(s, workspaceId), {
        userId: actor.userId,
        ...input,
        visitor: actor.kind === 'visitor',
      }),
  });
  handle(rt, socket, inFlight, 'sync', {
    schema: socketSync,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(rt, s.data, workspaceId, { write: false }, (ctx) => sync(ctx, input)),
  });
  handle(rt, socket, inFlight, 'read:mark', {
    schema: socketMarkRead,
    workspaceOf: (input) => input.workspaceId,
    handler: ({ socket: s }, { workspaceId, ...input }) =>
      inWorkspace(
        rt,
        s.data,
        workspaceId,
        // Marking read is bookkeeping: a read-only lockdown lets it through.
        { write: true, conversationId: input.conversationId, lockdown: 'read' },
        (ctx) => markRead(ctx, input),
      ),
  });
  handleUnknown(rt, socket);
}
