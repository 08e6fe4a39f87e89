import { db } from '../../db';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { openToMembers } from '../message/access';

/**
 * How a user may follow a conversation live: as a member, as a viewer of a public channel or a
 * record-linked conversation (members of the workspace, not guests), or not at all. Read under RLS in the conversation's workspace; this
 * is the socket layer's gate, so it mints the workspace id only after the membership read.
 */
export async function conversationAccess(
  userId: string,
  workspaceId: string,
  conversationId: string,
): Promise<'member' | 'viewer' | null> {
  const ws = mintWorkspaceId(workspaceId);
  return withTenant(db(), { workspaceId: ws, userId }, async (tx) => {
    const member = await tx.member.findUnique({ where: { workspaceId_userId: { workspaceId: ws, userId } } });
    if (!member) return null;
    const c = await tx.conversation.findFirst({
      where: { id: conversationId, workspaceId: ws },
      include: { members: { where: { userId }, select: { userId: true }, take: 1 } },
    });
    if (!c) return null;
    if (c.members.length > 0) return 'member';
    // Public channels and record-linked conversations are open to every non-guest member.
    if (openToMembers(c.kind, c.isPrivate) && !c.archivedAt && member.role !== 'guest') return 'viewer';
    return null;
  });
}
