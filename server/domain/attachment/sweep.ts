import { logger } from '../../lib/logger';
import type { Deps } from '../deps';

/** How long an upload that was never sent is kept (a draft someone walked away from). */
export const UNSENT_HOURS = 24;

/**
 * Removes from the store the blobs whose rows are gone (the trigger on file_version queued them in
 * the deleting transaction), then their queue rows. A blob already missing counts as removed.
 */
export async function removeGoneBlobs(deps: Pick<Deps, 'tenants' | 'files'>, batch = 500): Promise<number> {
  // Across workspaces, as the owner role (deleted workspaces' blobs are in the queue too).
  const due = await deps.tenants.admin.$queryRaw<{ workspace_id: string }[]>`
    SELECT DISTINCT workspace_id FROM file_blob_gone`;
  let removed = 0;
  for (const { workspace_id } of due)
    removed += await deps.tenants.admin.$transaction(async (tx) => {
      // SKIP LOCKED: two sweeps at once take different rows.
      const rows = await tx.$queryRaw<{ storage_key: string }[]>`
        SELECT storage_key FROM file_blob_gone WHERE workspace_id = ${workspace_id}::uuid
        LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      const done: string[] = [];
      for (const r of rows) {
        try {
          await deps.files.store.delete(r.storage_key);
          done.push(r.storage_key);
        } catch (err) {
          logger.warn(
            { err },
            'a deleted file could not be removed from the store; the next sweep tries again',
          );
        }
      }
      if (done.length > 0)
        await tx.$executeRaw`
          DELETE FROM file_blob_gone WHERE workspace_id = ${workspace_id}::uuid AND storage_key = ANY(${done})`;
      return done.length;
    });
  return removed;
}

/**
 * Deletes uploads never sent within UNSENT_HOURS (their blobs follow through the queue), except
 * those a held send carries while it waits for a moderator.
 */
export async function removeUnsent(deps: Pick<Deps, 'tenants'>, asOf: Date = new Date()): Promise<number> {
  const before = new Date(asOf.getTime() - UNSENT_HOURS * 3_600_000);
  return deps.tenants.admin.$executeRaw`
    DELETE FROM file f WHERE f.message_id IS NULL AND f.created_at < ${before}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM review r WHERE r.workspace_id = f.workspace_id
        AND r.status = 'open' AND f.id = ANY(r.held_file_ids))`;
}
