import type { Tx } from '../../db/client';
import { conversationRows } from '../../db/gate-rows';
import type { ConversationRow } from '../../db/tenant';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { Role } from '../../../shared/roles';
import type { Scope } from '../scope';

export interface ConversationAccess {
  id: string;
  kind: 'channel' | 'dm' | 'group' | 'subject';
  name: string | null;
  archived: boolean;
  /** Whether the caller is a member (and so may post and has read state). */
  member: boolean;
  memberCount: number;
}

/**
 * Conversations any non-guest member may read (and follow) without being in them: public channels
 * and record-linked conversations. Everything else is for its members only.
 */
export const openToMembers = (kind: string, isPrivate: boolean) =>
  (kind === 'channel' && !isPrivate) || kind === 'subject';

/**
 * The one rule of who may read (and follow live) a conversation, given its access row
 * (app_conversation_access) and the caller's role in the workspace: its members may; so may any
 * non-guest for public channels and record-linked conversations. Null: not at all.
 */
export function accessOf(c: Pick<ConversationRow, 'kind' | 'is_private' | 'member'> | null, role: Role) {
  if (!c) return null;
  if (c.member) return 'member' as const;
  return openToMembers(c.kind, c.is_private) && role !== 'guest' ? ('viewer' as const) : null;
}

export function requirePerson(scope: Scope): string {
  if (!scope.userId) throw forbidden('Messages are for people; API keys cannot read or send them');
  return scope.userId;
}

/**
 * Whether the caller may read a conversation: its members may; so may any non-guest member of the
 * workspace for public channels and record-linked conversations (they could join them). Anything
 * else is NOT_FOUND, so private conversations do not reveal that they exist.
 */
export async function readable(tx: Tx, scope: Scope, conversationId: string): Promise<ConversationAccess> {
  const userId = requirePerson(scope);
  // The gate may have read it already (same transaction, same round trip as the membership).
  const pre = scope.conversation?.id === conversationId ? scope.conversation : undefined;
  const c = pre
    ? pre.row
    : conversationRows.parse(
        await tx.$queryRaw`
          SELECT * FROM app_conversation_access(${scope.workspaceId}::uuid, ${conversationId}::uuid, ${userId})`,
      )[0];
  if (!c || !accessOf(c, scope.role)) throw notFound('Conversation');
  const member = c.member;
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    archived: c.archived,
    member,
    memberCount: c.member_count,
  };
}

/** Posting (and reacting) takes membership of a conversation that is not archived. */
export async function writable(tx: Tx, scope: Scope, conversationId: string): Promise<ConversationAccess> {
  const c = await readable(tx, scope, conversationId);
  if (!c.member) throw forbidden('Join the conversation first');
  if (c.archived) throw new AppError('FORBIDDEN', 'This conversation is archived');
  return c;
}

/**
 * The conversation ids a user may read in a workspace (for search): their own memberships plus
 * public channels and record-linked conversations unless they are a guest.
 */
export async function readableIds(tx: Tx, scope: Scope): Promise<string[]> {
  const userId = requirePerson(scope);
  const rows = await tx.conversation.findMany({
    where: {
      workspaceId: scope.workspaceId,
      OR:
        scope.role === 'guest'
          ? [{ members: { some: { userId } } }]
          : [{ members: { some: { userId } } }, { kind: 'channel', isPrivate: false }, { kind: 'subject' }],
    },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
