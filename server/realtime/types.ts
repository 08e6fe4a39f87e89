import type { CommentOutput } from '../domain/attachment/comment-schemas';
import type { NotificationKind } from '../../shared/moderation';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { PersonActor } from '../domain/actor';
import type { presenceSetInput, PresenceView } from '../domain/presence/schemas';
import type { LockdownMode } from '../../shared/lockdown';
import type { Role } from '../../shared/roles';
import type { MessageOutput } from '../domain/message/schemas';
import type { FileOutput } from '../domain/attachment/schemas';
import type { readStateOutput } from '../domain/read-state/schemas';
import type { syncOutput } from '../domain/history/schemas';
import type { ConversationRef, socketMarkRead, socketSend, socketSync } from './message-events';
import type { ChannelOutput } from '../domain/channel/schemas';
import type { AppErrorCode } from '../lib/errors';

/** What every acknowledged client event gets back: data, or an AppError code with details. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export interface AckError {
  code: AppErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
}
type AckFn<T> = (res: Ack<T>) => void;

/**
 * Client → server. Inputs are typed for client authors; the server treats every payload as unknown
 * and validates it with the event's zod schema (server/realtime/handle.ts). The ack is optional.
 */
export interface ClientToServerEvents {
  'presence:set': (input: z.input<typeof presenceSetInput>, ack?: AckFn<PresenceView>) => void;
  'channel:join': (
    input: ConversationRef,
    ack?: AckFn<{ conversationId: string; access: 'member' | 'viewer' }>,
  ) => void;
  'channel:leave': (input: ConversationRef, ack?: AckFn<{ conversationId: string }>) => void;
  typing: (input: ConversationRef, ack?: AckFn<{ expiresAt: string; broadcast: boolean }>) => void;
  'message:send': (
    input: z.input<typeof socketSend>,
    ack?: AckFn<{ message: MessageOutput; duplicate: boolean; notice: string | null }>,
  ) => void;
  sync: (input: z.input<typeof socketSync>, ack?: AckFn<z.output<typeof syncOutput>>) => void;
  'read:mark': (input: z.input<typeof socketMarkRead>, ack?: AckFn<z.output<typeof readStateOutput>>) => void;
}

/** Every client event name, at runtime: the isolation matrix requires a case for each. */
export const clientEventNames = [
  'presence:set',
  'channel:join',
  'channel:leave',
  'typing',
  'message:send',
  'sync',
  'read:mark',
] as const;
export type ClientEventName = (typeof clientEventNames)[number];
// Compile-time guard: the runtime list and the event map name the same events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatch: Same<ClientEventName, keyof ClientToServerEvents> = true;
void namesMatch;

import type { ChannelChange, InboxChange, MemberChange } from '../domain/events';

export type { ChannelChange, MemberChange } from '../domain/events';
/** The part of a channel (channel.list's shape) that `channel:updated` carries to everyone told. */
export type ChannelView = Pick<
  ChannelOutput,
  'id' | 'name' | 'topic' | 'description' | 'isPrivate' | 'isDefault' | 'archivedAt' | 'memberCount'
>;

/** Server → client. Names come from DESIGN.md; payloads are built by publish() from allow-lists. */
export interface ServerToClientEvents {
  'member:updated': (p: {
    workspaceId: string;
    userId: string;
    role: Role | null;
    reason: MemberChange;
  }) => void;
  'session:revoked': (p: { reason: 'sign_out' | 'revoked' | 'expired' }) => void;
  presence: (p: PresenceView) => void;
  'channel:updated': (p: { workspaceId: string; change: ChannelChange; channel: ChannelView }) => void;
  typing: (p: { conversationId: string; userId: string; expiresAt: string }) => void;
  /**
   * A conversation now in your lists: a direct or group conversation you are in, or (for members
   * who are not guests) a new record or widget visitor conversation, with its record type.
   */
  'conversation:new': (p: {
    workspaceId: string;
    conversationId: string;
    kind: 'dm' | 'group' | 'subject';
    subjectType?: string;
  }) => void;
  /** For members who are not guests: a support conversation changed (server/domain/inbox). */
  'inbox:updated': (p: { workspaceId: string; conversationId: string; change: InboxChange }) => void;
  'message:new': (p: MessageView) => void;
  'message:updated': (p: MessageView) => void;
  'message:deleted': (p: {
    workspaceId: string;
    conversationId: string;
    id: string;
    seq: number;
    rev: number;
    deletedAt: string;
  }) => void;
  'reaction:updated': (p: {
    workspaceId: string;
    conversationId: string;
    messageId: string;
    rev: number;
    reactions: MessageOutput['reactions'];
  }) => void;
  notification: (p: {
    workspaceId: string;
    kind: NotificationKind;
    conversationId: string;
    messageId: string | null;
    seq: number;
  }) => void;
  read: (p: { workspaceId: string; conversationId: string; userId: string; lastReadSeq: number }) => void;
  /**
   * A lockdown of the workspace started, changed or ended (active null). In a full one, the
   * sockets of everyone but admins leave the workspace right after this; when it ends they
   * reconnect to come back in.
   */
  'workspace:lockdown': (p: {
    workspaceId: string;
    active: { mode: LockdownMode; reason: string; startedAt: string; endsAt: string } | null;
  }) => void;
  /** For the workspace's admins and owners: something they should look at now. */
  'security:alert': (p: {
    workspaceId: string;
    kind: 'lockdown' | 'quarantine' | 'sign_in' | 'message' | 'file';
    message: string;
    at: string;
  }) => void;
  /** A file in a conversation you follow changed: scanned, blocked, given a thumbnail. */
  'file:updated': (p: FileOutput & { workspaceId: string }) => void;
  /** A comment on a file you can see was added, resolved, reopened or deleted (body null when deleted). */
  'file:comment': (p: {
    workspaceId: string;
    fileId: string;
    change: 'added' | 'resolved' | 'reopened' | 'deleted';
    comment: CommentOutput;
  }) => void;
  /** For moderators and up: the workspace's moderation queue changed (read it again). */
  'moderation:updated': (p: { workspaceId: string; change: 'queued' | 'reported' | 'decided' }) => void;
  /** An export you asked for moved on (compliance.createExport). */
  'export:progress': (p: {
    workspaceId: string;
    exportId: string;
    status: 'queued' | 'running' | 'done' | 'failed';
    done: number;
    total: number;
  }) => void;
  /** Your quarantine in a workspace started or ended (active null). */
  quarantine: (p: {
    workspaceId: string;
    active: { reason: string; endsAt: string; holds: boolean } | null;
  }) => void;
}

/** A message as sockets carry it: the API's message plus its workspace. */
export type MessageView = MessageOutput & { workspaceId: string };

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  /** A signed-in user, or a widget visitor (who never joins workspace-wide rooms). */
  actor: PersonActor;
  /** The client IP (peer address, or X-Forwarded-For from a trusted proxy), for rate limits. */
  ip: string;
  /** The node that holds the socket (fetchSockets reports remote sockets with their data). */
  node: string;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The data an event's ack carries on success. */
export type AckData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends
  AckFn<infer T> | undefined
  ? T
  : never;
