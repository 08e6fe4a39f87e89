import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { AppError } from '../../lib/errors';
import { tokenId } from './token';

// What a session exchange must pass besides a valid identity, each inside the exchange's own
// transaction: a refused exchange rolls back and leaves nothing behind.

/**
 * Remembered ids stay this long past their token's expiry: the database's clock and this
 * process's may differ, and an id purged before the token expired here would let it be reused.
 */
const PURGE_MARGIN = '5 minutes';
/** Expired ids purged per exchange: enough to keep up, little enough to stay cheap. */
const PURGE_BATCH = 100;

/**
 * Remembers that `token` was exchanged, or refuses it if it was before. The unique key decides
 * who is first, on every node; a concurrent second exchange waits for the first to commit and
 * then finds its row. Expired ids of the workspace are purged on the way (locked rows skipped).
 */
export async function useTokenOnce(tx: Tx, workspaceId: WorkspaceId, token: string, exp: number) {
  const [row] = await tx.$queryRaw<{ first: boolean }[]>`
    WITH purged AS (
      DELETE FROM widget_token_use WHERE workspace_id = ${workspaceId}::uuid AND token_id IN (
        SELECT token_id FROM widget_token_use
        WHERE workspace_id = ${workspaceId}::uuid
          AND expires_at < now() - ${PURGE_MARGIN}::interval
        LIMIT ${PURGE_BATCH}::int FOR UPDATE SKIP LOCKED)
    ), used AS (
      INSERT INTO widget_token_use (workspace_id, token_id, expires_at)
      VALUES (${workspaceId}::uuid, ${tokenId(token)}, ${new Date(exp * 1000)})
      ON CONFLICT DO NOTHING RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM used) AS first`;
  if (!row?.first) throw new AppError('UNAUTHORIZED', 'This identity token was already used; sign a new one');
}

/**
 * Admits one more new anonymous visitor unless the workspace took `perHour` in the last hour.
 * Counted from the visitors themselves under a per-workspace lock held to the end of the
 * transaction, so concurrent exchanges see each other's visitors and cannot overshoot.
 */
export async function admitAnonymous(tx: Tx, workspaceId: WorkspaceId, perHour: number) {
  if (perHour === 0)
    throw new AppError('TOO_MANY_REQUESTS', 'This chat takes no new anonymous visitors at the moment', {
      retryAfterSeconds: 3600,
    });
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'widget-anonymous:' + workspaceId}, 0))`;
  // When full, the wait is until enough of the hour's visitors age out to leave one place.
  const [row] = await tx.$queryRaw<{ n: number; retry: number | null }[]>`
    WITH recent AS (
      SELECT created_at FROM widget_visitor
      WHERE workspace_id = ${workspaceId}::uuid AND external_id LIKE 'a:%'
        AND created_at > now() - interval '1 hour'
    ), n AS (SELECT count(*)::int AS n FROM recent)
    SELECT n.n, (
      SELECT ceil(extract(epoch FROM r.created_at + interval '1 hour' - now()))::int FROM recent r
      ORDER BY r.created_at OFFSET greatest(n.n - ${perHour}::int, 0) LIMIT 1
    ) AS retry
    FROM n`;
  if (row && row.n >= perHour) {
    // (A visitor committed while this transaction waited for the lock is newer than its now().)
    const retryAfterSeconds = Math.min(3600, Math.max(1, row.retry ?? 3600));
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many new anonymous visitors this hour; retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  }
}
