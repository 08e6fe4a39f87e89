import type { Db } from '../../db/client';
import { logger } from '../../lib/logger';
import type { CheckpointCopy, CheckpointRecord } from './copy';

// Checkpoints per workspace per round; a backlog (a new location, a copy that was down) takes
// several rounds of the same run.
const BATCH = 500;

interface Pending {
  workspace_id: string;
  seq: bigint;
  hash: string;
  signature: string;
  created_at: Date;
}

export interface CopyResult {
  copied: number;
  /** False when a write failed: the run stopped there and the next one starts again from it. */
  complete: boolean;
}

/**
 * Brings the copy up to date with `audit_checkpoint`: for every workspace, each checkpoint above
 * the position recorded in `audit_checkpoint_copy`, oldest first. The position moves only after
 * the copy has stored the lines, so nothing is skipped: a copy that cannot be written is logged as
 * an error and caught up by the next run. Runs as the owner role (all workspaces).
 */
export async function copyCheckpoints(admin: Db, copy: CheckpointCopy): Promise<CopyResult> {
  let copied = 0;
  for (;;) {
    const rows = await admin.$queryRaw<Pending[]>`
      SELECT c.workspace_id::text AS workspace_id, c.seq, c.hash, c.signature, c.created_at
      FROM workspace w
      LEFT JOIN audit_checkpoint_copy m ON m.workspace_id = w.id AND m.sink = ${copy.id}
      CROSS JOIN LATERAL (
        SELECT * FROM audit_checkpoint c
        WHERE c.workspace_id = w.id AND c.seq > COALESCE(m.seq, 0)
        ORDER BY c.seq LIMIT ${BATCH}
      ) c
      ORDER BY c.workspace_id, c.seq`;
    const byWorkspace = new Map<string, CheckpointRecord[]>();
    for (const r of rows) {
      const list = byWorkspace.get(r.workspace_id) ?? [];
      list.push({
        workspaceId: r.workspace_id,
        seq: r.seq,
        hash: r.hash,
        signature: r.signature,
        createdAt: r.created_at,
      });
      byWorkspace.set(r.workspace_id, list);
    }
    let more = false;
    for (const [workspaceId, records] of byWorkspace) {
      const newest = records.at(-1)?.seq ?? 0n;
      try {
        await copy.append(workspaceId, records);
      } catch (err) {
        // Stop the run here: the copy is most likely unreachable, and order must be kept anyway.
        logger.error(
          { err, workspaceId, copy: copy.kind, from: records[0]?.seq.toString() },
          'could not write audit checkpoints to their copy outside the database; the next run retries',
        );
        return { copied, complete: false };
      }
      // GREATEST: two overlapping runs never move the position back.
      await admin.$executeRaw`
        INSERT INTO audit_checkpoint_copy (workspace_id, sink, seq) VALUES (${workspaceId}::uuid, ${copy.id}, ${newest})
        ON CONFLICT (workspace_id, sink) DO UPDATE
        SET seq = GREATEST(audit_checkpoint_copy.seq, EXCLUDED.seq), copied_at = now()`;
      copied += records.length;
      if (records.length === BATCH) more = true;
    }
    if (!more) return { copied, complete: true };
  }
}
