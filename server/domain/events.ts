import type { CommentOutput } from './attachment/comment-schemas';
import type { NotificationKind } from '../../shared/moderation';
import type { ChannelOutput } from './channel/schemas';
import type { MessageOutput } from './message/schemas';
import type { FileOutput } from './attachment/schemas';
import type { LockdownMode } from '../../shared/lockdown';
import type { Role } from '../../shared/roles';
import type { PresenceStatus } from './presence/schemas';

/** Why a membership changed (member:updated). */
export type MemberChange = 'joined' | 'role_changed' | 'removed' | 'left';
/** What happened to a channel (channel:updated). */
export type ChannelChange =
  'created' | 'updated' | 'archived' | 'unarchived' | 'member_added' | 'member_removed';

/** What changed in the moderation queue (moderation:updated). */
export type ModerationChange = 'queued' | 'reported' | 'decided';

/** What changed in a support conversation (inbox:updated). */
export type InboxChange = 'opened' | 'message' | 'status' | 'assigned' | 'note';

/**
 * What the domain announces after a change commits. The realtime layer turns each into socket
 * events (payloads built from allow-lists there); the domain never reaches sockets itself.
 */
export type DomainEvent =
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
  | { type: 'typing'; workspaceId: string; conversationId: string; userId: string; expiresAt: string }
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
      kind: NotificationKind;
      conversationId: string;
      /** Null when there is no message to point at (a held message that was not posted). */
      messageId: string | null;
      seq: number;
    }
  | {
      /** A support conversation changed for the team: a visitor wrote, or staff triaged it. */
      type: 'inbox:updated';
      workspaceId: string;
      conversationId: string;
      change: InboxChange;
    }
  | { type: 'read'; workspaceId: string; conversationId: string; userId: string; lastReadSeq: number }
  | {
      /** A lockdown started, changed or ended (null): exempt are the admins and owners. */
      type: 'workspace:lockdown';
      workspaceId: string;
      lockdown: { mode: LockdownMode; reason: string; startedAt: string; endsAt: string } | null;
      exempt: string[];
    }
  | {
      /** An export's progress, for the admin who asked for it. */
      type: 'export:progress';
      workspaceId: string;
      userId: string;
      exportId: string;
      status: 'queued' | 'running' | 'done' | 'failed';
      done: number;
      total: number;
    }
  | {
      /** A member's quarantine started or ended (null); admins are told too. */
      type: 'member:quarantine';
      workspaceId: string;
      userId: string;
      visitor: boolean;
      /** holds: they read on (their sockets stay in) and what they send waits for review. */
      quarantine: { reason: string; endsAt: string; holds: boolean } | null;
      admins: string[];
    }
  | {
      /** Something the workspace's admins should look at now (repeated failed sign-ins, a message over the threat threshold). */
      type: 'security:alert';
      workspaceId: string;
      kind: 'sign_in' | 'message' | 'file';
      message: string;
      admins: string[];
    }
  | {
      /** The moderation queue changed (a message queued or reported, a review decided): its moderators refresh it. */
      type: 'moderation:updated';
      workspaceId: string;
      change: ModerationChange;
      moderators: string[];
    }
  /**
   * A file changed (scanned, blocked, a thumbnail made, a new version): to everyone following its
   * conversation, and to the people holding a share of it in force (`sharedWith`).
   */
  | { type: 'file:updated'; workspaceId: string; file: FileOutput; sharedWith?: string[] }
  /** A comment on a file was added, resolved, reopened or deleted: to its conversation and share holders. */
  | {
      type: 'file:comment';
      workspaceId: string;
      conversationId: string;
      fileId: string;
      change: 'added' | 'resolved' | 'reopened' | 'deleted';
      comment: CommentOutput;
      sharedWith: string[];
    }
  /** An admin closes a member's sockets in a workspace. */
  | { type: 'connections:disconnect'; workspaceId: string; userId: string };

/** Where domain events go: the realtime publisher (or nowhere, in a process without sockets). */
export interface EventSink {
  publish(e: DomainEvent): Promise<void>;
}
