import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { forbidden } from '../../lib/errors';

/** Which of `userIds` are widget visitors of the workspace. */
export async function visitorsAmong(tx: Tx, workspaceId: WorkspaceId, userIds: readonly string[]) {
  const rows = await tx.widgetVisitor.findMany({
    where: { workspaceId, userId: { in: [...userIds] } },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

/**
 * Refuses `what` when any of `userIds` is a widget visitor: a visitor is an anonymous outsider who
 * belongs only in the conversations the widget opened for it, never in the team's own.
 */
export async function refuseVisitors(
  tx: Tx,
  workspaceId: WorkspaceId,
  userIds: readonly string[],
  what: string,
) {
  if ((await visitorsAmong(tx, workspaceId, userIds)).size > 0)
    throw forbidden(
      `Widget visitors cannot be ${what}; they chat only in the conversations the widget opens`,
    );
}
