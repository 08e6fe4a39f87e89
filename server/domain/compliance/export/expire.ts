import { rm } from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../../../lib/logger';
import { appendAudit } from '../../audit/append';
import type { Deps } from '../../deps';

/** How many files a sweep removed. */
export interface RemovedFiles {
  exports: number;
  accessRequests: number;
}

/** Whether `file` lies under `dir`: the sweep deletes nothing else, whatever a row says. */
function inside(dir: string, file: string) {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function removeFile(dir: string, file: string) {
  if (!inside(dir, file)) {
    logger.warn({ file }, 'an expired export file outside the exports folder was left alone');
    return false;
  }
  // `force`: a file already gone (removed by a sweep whose update then failed) counts as removed.
  await rm(file, { force: true });
  return true;
}

/**
 * Deletes the ZIPs of workspace exports and access requests whose links expired at or before
 * `asOf` (from that moment their downloads answer GONE), and clears `file` on their rows: the mark
 * that the file is gone (the status stays `done`, which the CHECK constraints allow; the console
 * shows them as expired from `expires_at`). A file is removed before its row is cleared, so a row
 * never claims no file while one is left on disk. Each export's removal is audited in its workspace,
 * as Enclave, in the transaction that clears the row; an access request belongs to a person, not a
 * workspace, and its row is its record.
 */
export async function removeExpiredFiles(
  deps: Pick<Deps, 'tenants'>,
  dir: string,
  asOf: Date = new Date(),
): Promise<RemovedFiles> {
  // Across workspaces, as the owner role (as the retention sweep finds its workspaces).
  const due = await deps.tenants.admin.$queryRaw<{ workspace_id: string }[]>`
    SELECT DISTINCT workspace_id FROM export_job WHERE file IS NOT NULL AND expires_at <= ${asOf}::timestamptz`;
  let exports = 0;
  for (const { workspace_id } of due)
    exports += await deps.tenants.system(workspace_id, async (tx, ws) => {
      // SKIP LOCKED: two sweeps at once (a node's and a test's) take different rows.
      const rows = await tx.$queryRaw<{ id: string; file: string; bytes: bigint | null }[]>`
        SELECT id, file, bytes FROM export_job
        WHERE workspace_id = ${ws}::uuid AND file IS NOT NULL AND expires_at <= ${asOf}::timestamptz
        FOR UPDATE SKIP LOCKED`;
      let n = 0;
      for (const r of rows) {
        if (!(await removeFile(dir, r.file))) continue;
        await tx.exportJob.update({
          where: { workspaceId_id: { workspaceId: ws, id: r.id } },
          data: { file: null },
        });
        await appendAudit(tx, ws, {
          action: 'export.expire',
          actor: { type: 'system', id: null },
          target: { type: 'export', id: r.id },
          data: { bytes: Number(r.bytes ?? 0) },
        });
        n += 1;
      }
      return n;
    });
  const g = deps.tenants.global;
  const requests = await g.accessRequest.findMany({
    where: { file: { not: null }, expiresAt: { lte: asOf } },
    select: { id: true, file: true },
  });
  let accessRequests = 0;
  for (const r of requests) {
    if (!r.file || !(await removeFile(dir, r.file))) continue;
    // Only if it still names that file: a concurrent sweep may have cleared it already.
    const cleared = await g.accessRequest.updateMany({
      where: { id: r.id, file: r.file },
      data: { file: null },
    });
    accessRequests += cleared.count;
  }
  return { exports, accessRequests };
}
