import type { Db } from '../db/client';
import { conversationRows } from '../db/gate-rows';
import { mintWorkspaceId, withMember } from '../db/tenant';
import { accessOf } from '../domain/message/access';

/**
 * How a person may follow several conversations of a workspace live, by the one rule of reading
 * them (accessOf): as a member, as a viewer (non-guests, public channels and record conversations),
 * or not at all (left out of the map). Membership and the access rows are read in one tenant
 * transaction. (A widget visitor's member row is always a guest's.)
 */
export async function conversationsAccess(
  db: Db,
  userId: string,
  workspaceId: string,
  conversationIds: string[],
): Promise<Map<string, 'member' | 'viewer'>> {
  const out = new Map<string, 'member' | 'viewer'>();
  if (conversationIds.length === 0) return out;
  const ws = mintWorkspaceId(workspaceId);
  return withMember(db, { workspaceId: ws, userId }, async (tx, member) => {
    if (!member) return out;
    const rows = conversationRows.parse(
      await tx.$queryRaw`
        SELECT a.* FROM unnest(${conversationIds}::uuid[]) AS i(id),
          LATERAL app_conversation_access(${ws}::uuid, i.id, ${userId}) a`,
    );
    for (const r of rows) {
      const access = accessOf(r, member.role);
      if (access) out.set(r.id, access);
    }
    return out;
  });
}
