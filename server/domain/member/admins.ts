import type { Tx } from '../../db/client';

/** The user ids of a workspace's admins and owners: who hears security alerts and goes on in a lockdown. */
export async function adminIdsOf(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.member.findMany({
    where: { workspaceId, role: { in: ['admin', 'owner'] } },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

/** The user ids of those who review the moderation queue (moderators and up): who hears it change. */
export async function moderatorIdsOf(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.member.findMany({
    where: { workspaceId, role: { in: ['moderator', 'admin', 'owner'] } },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}
