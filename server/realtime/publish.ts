import type { ChannelOutput } from '../domain/channel/schemas';
import type { MessageOutput } from '../domain/message/schemas';
import type { Role } from '../../shared/roles';
import type { PresenceStatus } from '../domain/presence/schemas';
import { logger } from '../lib/logger';
import type { AppServer, ChannelChange, MemberChange, MessageView } from './types';

export type { ChannelChange, MemberChange } from './types';

/**
 * The only way anything reaches a socket. Each event's payload is built here from an allow-list of
 * fields, so a database row (or anything else spread into the input) can never leak into a client.
 * Called after commit.
 */
export type PublishEvent =
  | { type: 'member:updated'; workspaceId: string; userId: string; role: Role | null; reason: MemberChange }
  | {
      type: 'session:revoked';
      userId: string;
      sessionId: string | null;
      reason: 'sign_out' | 'revoked' | 'expired';
    }
  | {
      type: 'presence';
      userId: string;
      status: PresenceStatus;
      text: string | null;
      /** The workspaces whose members may see it; the user's own sockets always do. */
      workspaceIds: string[];
    }
  | {
      type: 'channel:updated';
      workspaceId: string;
      channel: ChannelOutput;
      change: ChannelChange;
      /** The users who may see this channel (guests only see channels they are in). */
      audience: string[];
      /** Someone who left or was removed: their sockets leave the conversation's room. */
      removedUserId?: string;
    }
  | { type: 'typing'; workspaceId: string; channelId: string; userId: string; expiresAt: string }
  | {
      type: 'conversation:new';
      workspaceId: string;
      conversationId: string;
      /** dm, group: to its members; subject (a record's or a visitor's): to the staff too. */
      kind: 'dm' | 'group' | 'subject';
      /** A subject conversation's record type (`visitor` for a widget visitor's own). */
      subjectType?: string;
      /** Its members (a direct conversation is for them alone). */
      audience: string[];
    }
  | {
      /** new: a message; updated: its text, pin or thread summary; deleted: now a tombstone; reaction:updated: its reactions. */
      type: 'message:new' | 'message:updated' | 'message:deleted' | 'reaction:updated';
      workspaceId: string;
      message: MessageOutput;
    }
  | {
      type: 'notification';
      workspaceId: string;
      userId: string;
      kind: 'mention';
      conversationId: string;
      messageId: string;
      seq: number;
    }
  | { type: 'read'; workspaceId: string; conversationId: string; userId: string; lastReadSeq: number }
  /** An admin closes a member's sockets in a workspace. */
  | { type: 'connections:disconnect'; workspaceId: string; userId: string };

/** The fields of a message that clients get, copied one by one. */
export const messagePayload = (workspaceId: string, m: MessageOutput): MessageView => ({
  workspaceId,
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  rev: m.rev,
  clientMsgId: m.clientMsgId,
  authorId: m.authorId,
  parentId: m.parentId,
  depth: m.depth,
  body: m.body,
  undecryptable: m.undecryptable,
  mentions: m.mentions,
  mentionChannel: m.mentionChannel,
  mentionHere: m.mentionHere,
  replyCount: m.replyCount,
  lastReplyAt: m.lastReplyAt,
  threadParticipants: m.threadParticipants,
  reactions: m.reactions.map((r) => ({ emoji: r.emoji, count: r.count, userIds: r.userIds })),
  pinnedAt: m.pinnedAt,
  pinnedBy: m.pinnedBy,
  editedAt: m.editedAt,
  deletedAt: m.deletedAt,
  createdAt: m.createdAt,
});

export const rooms = {
  workspace: (id: string) => `ws:${id}`,
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  /** Under the workspace's room prefix, so leaving a workspace leaves its conversations too. */
  conversation: (workspaceId: string, id: string) => `ws:${workspaceId}:c:${id}`,
  /** The workspace's non-guest members (who may read record and visitor conversations). */
  staff: (workspaceId: string) => `ws:${workspaceId}:staff`,
};

/** Side effects on socket membership that follow an event (leaving rooms, disconnecting). */
export interface RoomEffects {
  memberChanged(io: AppServer, e: Extract<PublishEvent, { type: 'member:updated' }>): Promise<void>;
  sessionRevoked(io: AppServer, e: Extract<PublishEvent, { type: 'session:revoked' }>): Promise<void>;
}

let io: AppServer | undefined;
let effects: RoomEffects | undefined;

export function attachPublisher(server: AppServer | undefined, roomEffects?: RoomEffects) {
  io = server;
  effects = roomEffects;
}

/** Connected users of a workspace and their socket counts (this process's sockets; reading only). */
export async function connectedIn(workspaceId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!io) return counts;
  for (const s of await io.in(rooms.workspace(workspaceId)).fetchSockets()) {
    counts.set(s.data.actor.userId, (counts.get(s.data.actor.userId) ?? 0) + 1);
  }
  return counts;
}

export async function publish(e: PublishEvent): Promise<void> {
  if (!io) return; // no realtime server in this process (CLI, some tests)
  try {
    switch (e.type) {
      case 'member:updated': {
        const payload = { workspaceId: e.workspaceId, userId: e.userId, role: e.role, reason: e.reason };
        io.to(rooms.workspace(e.workspaceId)).to(rooms.user(e.userId)).emit('member:updated', payload);
        await effects?.memberChanged(io, e);
        break;
      }
      case 'session:revoked': {
        const payload = { reason: e.reason };
        const target = e.sessionId ? rooms.session(e.sessionId) : rooms.user(e.userId);
        io.to(target).emit('session:revoked', payload);
        await effects?.sessionRevoked(io, e);
        break;
      }
      case 'presence': {
        const payload = { userId: e.userId, status: e.status, text: e.text };
        // The user room keeps the list non-empty: io.to([]) would mean everyone.
        const targets = [rooms.user(e.userId), ...e.workspaceIds.map(rooms.workspace)];
        io.to(targets).emit('presence', payload);
        break;
      }
      case 'channel:updated': {
        if (e.audience.length === 0) break;
        const c = e.channel;
        const payload = {
          workspaceId: e.workspaceId,
          change: e.change,
          channel: {
            id: c.id,
            name: c.name,
            topic: c.topic,
            description: c.description,
            isPrivate: c.isPrivate,
            isDefault: c.isDefault,
            archivedAt: c.archivedAt,
            memberCount: c.memberCount,
          },
        };
        io.to(e.audience.map(rooms.user)).emit('channel:updated', payload);
        if (e.removedUserId) {
          io.in(rooms.user(e.removedUserId)).socketsLeave(rooms.conversation(e.workspaceId, c.id));
        }
        break;
      }
      case 'conversation:new': {
        const payload = {
          workspaceId: e.workspaceId,
          conversationId: e.conversationId,
          kind: e.kind,
          ...(e.kind === 'subject' && { subjectType: e.subjectType ?? '' }),
        };
        // Record and visitor conversations are open to every non-guest: the staff room hears of them.
        const targets = [
          ...e.audience.map(rooms.user),
          ...(e.kind === 'subject' ? [rooms.staff(e.workspaceId)] : []),
        ];
        if (targets.length > 0) io.to(targets).emit('conversation:new', payload);
        break;
      }
      case 'typing': {
        const payload = { channelId: e.channelId, userId: e.userId, expiresAt: e.expiresAt };
        io.to(rooms.conversation(e.workspaceId, e.channelId))
          .except(rooms.user(e.userId))
          .emit('typing', payload);
        break;
      }
      case 'message:new':
      case 'message:updated': {
        io.to(rooms.conversation(e.workspaceId, e.message.conversationId)).emit(
          e.type,
          messagePayload(e.workspaceId, e.message),
        );
        break;
      }
      case 'message:deleted': {
        const m = e.message;
        const payload = {
          workspaceId: e.workspaceId,
          conversationId: m.conversationId,
          id: m.id,
          seq: m.seq,
          rev: m.rev,
          deletedAt: m.deletedAt ?? new Date().toISOString(),
        };
        io.to(rooms.conversation(e.workspaceId, m.conversationId)).emit('message:deleted', payload);
        break;
      }
      case 'reaction:updated': {
        const m = e.message;
        const payload = {
          workspaceId: e.workspaceId,
          conversationId: m.conversationId,
          messageId: m.id,
          rev: m.rev,
          reactions: m.reactions.map((r) => ({ emoji: r.emoji, count: r.count, userIds: r.userIds })),
        };
        io.to(rooms.conversation(e.workspaceId, m.conversationId)).emit('reaction:updated', payload);
        break;
      }
      case 'notification': {
        const payload = {
          workspaceId: e.workspaceId,
          kind: e.kind,
          conversationId: e.conversationId,
          messageId: e.messageId,
          seq: e.seq,
        };
        io.to(rooms.user(e.userId)).emit('notification', payload);
        break;
      }
      case 'connections:disconnect': {
        for (const s of await io.in(rooms.user(e.userId)).fetchSockets()) {
          if (s.rooms.has(rooms.workspace(e.workspaceId))) s.disconnect(true);
        }
        break;
      }
      case 'read': {
        const payload = {
          workspaceId: e.workspaceId,
          conversationId: e.conversationId,
          userId: e.userId,
          lastReadSeq: e.lastReadSeq,
        };
        // Others in the conversation update receipts; the reader's other devices update badges.
        io.to(rooms.conversation(e.workspaceId, e.conversationId))
          .to(rooms.user(e.userId))
          .emit('read', payload);
        break;
      }
    }
  } catch (err) {
    logger.error({ err, event: e.type }, 'publish failed');
  }
}
