import type { LiveConnections } from '../domain/deps';
import type { DomainEvent, EventSink } from '../domain/events';
import type { MessageOutput } from '../domain/message/schemas';
import type { FileOutput } from '../domain/attachment/schemas';
import { logger } from '../lib/logger';
import { utcMinute } from '../domain/lockdown/read';
import { rooms } from './rooms';
import type { AppServer, MessageView } from './types';

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
  correctedAt: m.correctedAt,
  deletedAt: m.deletedAt,
  createdAt: m.createdAt,
  files: m.files.map(filePayload),
  event: m.event && { type: m.event.type, userId: m.event.userId },
});

/** The fields of a file that clients get, copied one by one (never a storage key). */
export const filePayload = (f: FileOutput): FileOutput => ({
  id: f.id,
  conversationId: f.conversationId,
  messageId: f.messageId,
  uploaderId: f.uploaderId,
  version: f.version,
  name: f.name,
  size: f.size,
  mime: f.mime,
  kind: f.kind,
  status: f.status,
  thumbnail: f.thumbnail,
  width: f.width,
  height: f.height,
  createdAt: f.createdAt,
  versionUploaderId: f.versionUploaderId,
  servedVersion: f.servedVersion,
});

/** Side effects on socket membership that follow an event (leaving rooms, disconnecting). */
export interface RoomEffects {
  memberChanged(io: AppServer, e: Extract<DomainEvent, { type: 'member:updated' }>): Promise<void>;
  sessionRevoked(io: AppServer, e: Extract<DomainEvent, { type: 'session:revoked' }>): Promise<void>;
}

/**
 * The only way anything reaches a socket. Each domain event's payload is built here from an
 * allow-list of fields, so a database row (or anything else spread into the input) can never leak
 * into a client. Called after commit. It also answers the domain's questions about live
 * connections.
 */
export class SocketPublisher implements EventSink, LiveConnections {
  constructor(
    private readonly io: AppServer,
    private readonly effects: RoomEffects,
  ) {}

  /**
   * The sockets in a room on every node; with the other nodes out of reach (Redis away), this
   * node's own. The adapter asks Redis even for a local fetch, hence the walk over local sockets.
   */
  private async inRoom(room: string) {
    try {
      return { sockets: await this.io.in(room).fetchSockets(), everyNode: true };
    } catch (err) {
      logger.warn({ err, room }, 'could not ask the other nodes for their sockets');
      const local = [...this.io.sockets.sockets.values()].filter((s) => s.rooms.has(room));
      return { sockets: local, everyNode: false };
    }
  }

  /** Connected users of a workspace and their socket counts. */
  async connectedIn(workspaceId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const s of (await this.inRoom(rooms.workspace(workspaceId))).sockets) {
      counts.set(s.data.actor.userId, (counts.get(s.data.actor.userId) ?? 0) + 1);
    }
    return counts;
  }

  async socketsPerNode(workspaceId: string) {
    const { sockets, everyNode } = await this.inRoom(rooms.workspace(workspaceId));
    const nodes = new Map<string, number>();
    for (const s of sockets) nodes.set(s.data.node, (nodes.get(s.data.node) ?? 0) + 1);
    return { nodes, everyNode };
  }

  async publish(e: DomainEvent): Promise<void> {
    try {
      await this.emit(e);
    } catch (err) {
      logger.error({ err, event: e.type }, 'publish failed');
    }
  }

  private async emit(e: DomainEvent): Promise<void> {
    const { io, effects } = this;
    // Sockets a full lockdown or a quarantine shut out of a workspace hear nothing more of it.
    const shut =
      'workspaceId' in e ? [rooms.lockedOut(e.workspaceId), rooms.quarantined(e.workspaceId)] : null;
    const to = (targets: string | string[]) => (shut ? io.to(targets).except(shut) : io.to(targets));
    switch (e.type) {
      case 'member:updated': {
        const payload = { workspaceId: e.workspaceId, userId: e.userId, role: e.role, reason: e.reason };
        // The person always hears of their own membership, even shut out (a promotion lets them back in).
        to(rooms.workspace(e.workspaceId)).except(rooms.user(e.userId)).emit('member:updated', payload);
        io.to(rooms.user(e.userId)).emit('member:updated', payload);
        await effects.memberChanged(io, e);
        break;
      }
      case 'session:revoked': {
        const payload = { reason: e.reason };
        const target = e.sessionId ? rooms.session(e.sessionId) : rooms.user(e.userId);
        io.to(target).emit('session:revoked', payload);
        await effects.sessionRevoked(io, e);
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
        to(e.audience.map(rooms.user)).emit('channel:updated', payload);
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
        if (targets.length > 0) to(targets).emit('conversation:new', payload);
        break;
      }
      case 'inbox:updated': {
        // Visitor conversations are the team's: every non-guest member's sockets hear of changes.
        const payload = { workspaceId: e.workspaceId, conversationId: e.conversationId, change: e.change };
        to(rooms.staff(e.workspaceId)).emit('inbox:updated', payload);
        break;
      }
      case 'typing': {
        const payload = { conversationId: e.conversationId, userId: e.userId, expiresAt: e.expiresAt };
        to(rooms.conversation(e.workspaceId, e.conversationId))
          .except(rooms.user(e.userId))
          .emit('typing', payload);
        break;
      }
      case 'message:new':
      case 'message:updated': {
        to(rooms.conversation(e.workspaceId, e.message.conversationId)).emit(
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
        to(rooms.conversation(e.workspaceId, m.conversationId)).emit('message:deleted', payload);
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
        to(rooms.conversation(e.workspaceId, m.conversationId)).emit('reaction:updated', payload);
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
        to(rooms.user(e.userId)).emit('notification', payload);
        break;
      }
      case 'workspace:lockdown':
        this.lockdown(e);
        break;
      case 'member:quarantine':
        this.quarantine(e);
        break;
      case 'export:progress': {
        const { workspaceId, exportId, status, done, total } = e;
        to(rooms.user(e.userId)).emit('export:progress', { workspaceId, exportId, status, done, total });
        break;
      }
      case 'file:updated':
        // An upload not yet sent is its uploader's alone.
        if (!e.file.messageId && !e.file.uploaderId) break;
        to(
          e.file.messageId
            ? [
                rooms.conversation(e.workspaceId, e.file.conversationId),
                ...(e.sharedWith ?? []).map(rooms.user),
              ]
            : rooms.user(e.file.uploaderId ?? ''),
        ).emit('file:updated', {
          ...filePayload(e.file),
          workspaceId: e.workspaceId,
        });
        break;
      case 'file:comment':
        to([rooms.conversation(e.workspaceId, e.conversationId), ...e.sharedWith.map(rooms.user)]).emit(
          'file:comment',
          { workspaceId: e.workspaceId, fileId: e.fileId, change: e.change, comment: e.comment },
        );
        break;
      case 'security:alert':
        if (e.admins.length > 0)
          io.to(e.admins.map(rooms.user)).emit('security:alert', {
            workspaceId: e.workspaceId,
            kind: e.kind,
            message: e.message,
            at: new Date().toISOString(),
          });
        break;
      case 'moderation:updated':
        if (e.moderators.length > 0)
          io.to(e.moderators.map(rooms.user)).emit('moderation:updated', {
            workspaceId: e.workspaceId,
            change: e.change,
          });
        break;
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
        to(rooms.conversation(e.workspaceId, e.conversationId))
          .to(rooms.user(e.userId))
          .emit('read', payload);
        break;
      }
    }
  }

  /**
   * Everyone in the workspace hears of the lockdown; its admins get an alert. A full one shuts
   * everyone else's sockets out: they stay connected (a socket serves all of a person's
   * workspaces) but hear nothing more of this one, and every call into it is refused; widget
   * visitors, who have no other workspace, are disconnected. When it ends they are let back in.
   */
  /**
   * The person hears of their quarantine (on every socket, whichever workspace it shows); admins
   * get an alert. Their sockets are shut out of the workspace (rooms.quarantined) until it ends,
   * unless it holds (they read on, and what they send waits for review); a widget visitor's are
   * disconnected.
   */
  private quarantine(e: Extract<DomainEvent, { type: 'member:quarantine' }>) {
    const { io } = this;
    const { workspaceId, userId, quarantine: q } = e;
    io.to(rooms.user(userId)).emit('quarantine', { workspaceId, active: q });
    if (e.admins.length > 0)
      io.to(e.admins.map(rooms.user)).emit('security:alert', {
        workspaceId,
        kind: 'quarantine',
        message: q
          ? `A member is in quarantine until ${utcMinute(new Date(q.endsAt))}${q.holds ? ' (their messages wait for review)' : ''}: ${q.reason}`
          : 'A quarantine has ended.',
        at: new Date().toISOString(),
      });
    const theirs = io.in(rooms.user(userId));
    if (!q) theirs.socketsLeave(rooms.quarantined(workspaceId));
    else if (e.visitor) theirs.disconnectSockets(true);
    else if (!q.holds) theirs.socketsJoin(rooms.quarantined(workspaceId));
  }

  private lockdown(e: Extract<DomainEvent, { type: 'workspace:lockdown' }>) {
    const { io } = this;
    const ws = e.workspaceId;
    const shut = rooms.lockedOut(ws);
    io.to([rooms.workspace(ws), rooms.visitors(ws), shut]).emit('workspace:lockdown', {
      workspaceId: ws,
      active: e.lockdown,
    });
    if (e.exempt.length > 0) {
      const l = e.lockdown;
      io.to(e.exempt.map(rooms.user)).emit('security:alert', {
        workspaceId: ws,
        kind: 'lockdown',
        message: l
          ? `${l.mode === 'full' ? 'Full' : 'Read-only'} lockdown until ${utcMinute(new Date(l.endsAt))}: ${l.reason}`
          : 'The lockdown has been lifted.',
        at: new Date().toISOString(),
      });
    }
    if (e.lockdown?.mode !== 'full') {
      io.in(shut).socketsLeave(shut);
      return;
    }
    io.in(rooms.workspace(ws)).except(e.exempt.map(rooms.user)).socketsJoin(shut);
    io.in(rooms.visitors(ws)).disconnectSockets(true);
  }
}
