import { db } from '../../db';
import { mintWorkspaceId, withMember, type ConversationRow } from '../../db/tenant';
import type { Role } from '../../../shared/roles';
import { accessOf } from '../message/access';

/**
 * How a user may follow conversations of a workspace live, by the same rule as reading them
 * (accessOf): as a member, as a viewer (non-guests, public channels and record conversations), or
 * not at all. Membership and the access rows are read in one tenant transaction; this is the socket
 * layer's gate, so it mints the workspace id only for that read. (A widget visitor's member row
 * is always a guest's.) Conversations it may not follow are left out of the map.
 */
export async function conversationsAccess(
  userId: string,
  workspaceId: string,
  conversationIds: string[],
): Promise<Map<string, 'member' | 'viewer'>> {
  const out = new Map<string, 'member' | 'viewer'>();
  if (conversationIds.length === 0) return out;
  const ws = mintWorkspaceId(workspaceId);
  return withMember(db(), { workspaceId: ws, userId }, async (tx, member) => {
    if (!member) return out;
    const role = member.role as Role;
    const rows = await tx.$queryRaw<ConversationRow[]>`
      SELECT a.* FROM unnest(${conversationIds}::uuid[]) AS i(id),
        LATERAL app_conversation_access(${ws}::uuid, i.id, ${userId}) a`;
    for (const r of rows) {
      const access = accessOf(r, role);
      if (access) out.set(r.id, access);
    }
    return out;
  });
}

/** conversationsAccess for one conversation. */
export async function conversationAccess(
  userId: string,
  workspaceId: string,
  conversationId: string,
): Promise<'member' | 'viewer' | null> {
  return (await conversationsAccess(userId, workspaceId, [conversationId])).get(conversationId) ?? null;
}
