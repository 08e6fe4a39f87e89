import type { Actor } from './actor';
import type { Tx } from '../db/client';
import type { ConversationRow, Membership, WorkspaceId } from '../db/tenant';
import type { RequestMeta } from '../lib/request-meta';
import type { AuditActor } from './audit/append';
import type { Deps } from './deps';
import type { Role } from '../../shared/roles';

/** What a gate hands to a service: the checked workspace, the caller's role, and the caller. */
export interface Scope {
  workspaceId: WorkspaceId;
  role: Role;
  actor: Actor;
  /** The user behind the call, or null for an API key. */
  userId: string | null;
  auditActor: AuditActor;
  /** The conversation the procedure names, read by the gate in its first round trip (if it did). */
  conversation?: { id: string; row: ConversationRow | null };
}

/** Scope.conversation from a gate's membership read, when the call named a conversation. */
export const enteredConversation = (conversationId: string | undefined, member: Membership | null) =>
  conversationId && member ? { conversation: { id: conversationId, row: member.conversation ?? null } } : {};

/** Work to run after the surrounding transaction commits (publishing to sockets). */
export type AfterCommit = (fn: () => void | Promise<void>) => void;

/**
 * Everything a workspace-scoped service call needs: the scoped transaction, who is calling, work
 * to run after commit, and the runtime's services (events, keys, caches, presence, mail).
 */
export interface ServiceCtx {
  tx: Tx;
  scope: Scope;
  meta: RequestMeta;
  afterCommit: AfterCommit;
  deps: Deps;
}
