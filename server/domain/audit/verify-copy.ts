import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { logger } from '../../lib/logger';
import { checkpointValid } from './chain';
import type { CheckpointCopy, CheckpointRecord, CopyLine } from './copy';

/** Where the chain stops holding, and why. */
export interface Break {
  at: bigint;
  reason: string;
}

/** The break at the lower sequence number: verify reports the first place the log fails. */
export const earliest = (a: Break | null, b: Break | null) => (!a ? b : !b || a.at <= b.at ? a : b);

export interface CopyReport {
  kind: CheckpointCopy['kind'];
  /** False when the copy could not be read: the chain was then checked against the database alone. */
  consulted: boolean;
  /** This workspace's readable checkpoints in the copy. */
  checkpoints: number;
  newestSeq: bigint | null;
  /** Lines skipped: unparseable (a line torn by a crash) or of another workspace. */
  unreadable: number;
  broken: Break | null;
}

const BATCH = 500;

class CopyUnreadable extends Error {}

/** The copy's lines, with its own failures told apart from the database's. */
async function* lines(copy: CheckpointCopy, ws: string): AsyncGenerator<CopyLine> {
  try {
    yield* copy.read(ws);
  } catch (err) {
    throw new CopyUnreadable('checkpoint copy unreadable', { cause: err });
  }
}

/**
 * Every checkpoint in the copy must be in the database with the same hash and signature, and the
 * chain must reach it (the walk has checked the database's checkpoints against the chain). What
 * the copy has and the database lacks was cut: the checkpoint, and the entries it signs if the
 * chain ends before it. Streams the copy, looking its checkpoints up a batch at a time.
 */
export async function compareCopy(
  tx: Tx,
  ws: WorkspaceId,
  key: string,
  copy: CheckpointCopy,
  headSeq: bigint,
): Promise<CopyReport> {
  const report: CopyReport = {
    kind: copy.kind,
    consulted: true,
    checkpoints: 0,
    newestSeq: null,
    unreadable: 0,
    broken: null,
  };
  let batch: CheckpointRecord[] = [];
  const judgeBatch = async () => {
    if (batch.length === 0) return;
    const inDb = await tx.auditCheckpoint.findMany({
      where: { workspaceId: ws, seq: { in: batch.map((r) => r.seq) } },
    });
    const bySeq = new Map(inDb.map((c) => [c.seq, c]));
    for (const r of batch) report.broken = earliest(report.broken, judge(r, bySeq.get(r.seq)));
    batch = [];
  };
  const judge = (r: CheckpointRecord, db: { hash: string; signature: string } | undefined): Break | null => {
    if (!checkpointValid(key, ws, r.seq, r.hash, r.signature))
      return {
        at: r.seq,
        reason: `the external copy has a checkpoint at ${r.seq} with an invalid signature`,
      };
    if (!db && r.seq > headSeq)
      return {
        at: headSeq + 1n,
        reason: `entries from ${headSeq + 1n} on are missing, and so is the checkpoint at ${r.seq} (the external copy has it)`,
      };
    if (!db)
      return {
        at: r.seq,
        reason: `the checkpoint at ${r.seq} is missing from the database (the external copy has it)`,
      };
    if (db.hash !== r.hash || db.signature !== r.signature)
      return { at: r.seq, reason: `the checkpoint at ${r.seq} differs from the external copy` };
    return null;
  };

  try {
    for await (const line of lines(copy, ws)) {
      if (!line.ok || line.record.workspaceId !== ws) {
        report.unreadable++;
        continue;
      }
      const { record } = line;
      report.checkpoints++;
      if (report.newestSeq === null || record.seq > report.newestSeq) report.newestSeq = record.seq;
      batch.push(record);
      if (batch.length >= BATCH) await judgeBatch();
    }
  } catch (err) {
    if (!(err instanceof CopyUnreadable)) throw err;
    logger.error(
      { err: err.cause, workspaceId: ws, copy: copy.kind },
      'could not read the audit checkpoint copy',
    );
    return { ...report, consulted: false, checkpoints: 0, newestSeq: null, unreadable: 0, broken: null };
  }
  await judgeBatch();
  return report;
}
