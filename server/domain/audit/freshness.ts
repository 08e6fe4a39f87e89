import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import type { CopyReport } from './verify-copy';

/** "45 seconds", "3 minutes", "5 hours", "2 days": for the sentences below. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [n, unit]: [number, string] =
    s < 120
      ? [s, 'second']
      : s < 7200
        ? [s / 60, 'minute']
        : s < 172_800
          ? [s / 3600, 'hour']
          : [s / 86_400, 'day'];
  const whole = Math.floor(n);
  return `${whole} ${unit}${whole === 1 ? '' : 's'}`;
}

const secondsSince = (now: Date, d: Date) => (now.getTime() - d.getTime()) / 1000;

interface Facts {
  headSeq: bigint;
  newest: { seq: bigint; createdAt: Date } | null;
  copy: CopyReport | null;
  intervalSeconds: number;
  now: Date;
}

/**
 * What the chain cannot prove by itself, in plain words. The job signs each chain head within an
 * interval, so a checkpoint older than two intervals means either a quiet workspace or a stopped
 * job; entries after the newest checkpoint that reached the copy can be removed without trace
 * (entries younger than two intervals are simply waiting for the next run and give no warning).
 */
export async function freshnessWarnings(tx: Tx, ws: WorkspaceId, f: Facts): Promise<string[]> {
  const limit = 2 * f.intervalSeconds;
  const every = duration(f.intervalSeconds);
  const warnings: string[] = [];
  const signedTo = f.newest?.seq ?? 0n;
  const unsigned = f.headSeq > signedTo ? f.headSeq - signedTo : 0n;
  const firstUnsigned =
    unsigned > 0n
      ? await tx.auditEvent.findUnique({
          where: { workspaceId_seq: { workspaceId: ws, seq: signedTo + 1n } },
          select: { createdAt: true },
        })
      : null;
  const unsignedAge = firstUnsigned ? secondsSince(f.now, firstUnsigned.createdAt) : 0;

  if (!f.newest && unsigned > 0n && unsignedAge > limit) {
    warnings.push(
      `No checkpoint has been signed for this log, though its first entry is ${duration(unsignedAge)} old and checkpoints are due every ${every}: the checkpoint job may not be running. Until one is signed, entries can be removed from the end of the log without trace.`,
    );
  } else if (f.newest && unsigned > 0n && unsignedAge > limit) {
    warnings.push(
      `The newest signed checkpoint (at ${f.newest.seq}) is ${duration(secondsSince(f.now, f.newest.createdAt))} old, and the ${unsigned} entries after it are not signed, though checkpoints are due every ${every}: the checkpoint job may not be running. Until they are signed, those entries can be removed without trace.`,
    );
  } else if (f.newest && unsigned === 0n && secondsSince(f.now, f.newest.createdAt) > limit) {
    warnings.push(
      `The newest signed checkpoint (at ${f.newest.seq}) is ${duration(secondsSince(f.now, f.newest.createdAt))} old, older than two checkpoint intervals (${every} each), and nothing was logged after it. That is expected if the workspace has been quiet; if it has not, entries written after it were removed before they could be signed.`,
    );
  }

  if (f.copy && !f.copy.consulted) {
    warnings.push(
      'The external copy of the checkpoints could not be read, so the log was checked against the database alone (the server log says why).',
    );
  } else if (f.copy && f.newest && (f.copy.newestSeq ?? 0n) < f.newest.seq) {
    const firstUncopied = await tx.auditCheckpoint.findFirst({
      where: { workspaceId: ws, seq: { gt: f.copy.newestSeq ?? 0n } },
      orderBy: { seq: 'asc' },
      select: { seq: true, createdAt: true },
    });
    const lag = firstUncopied ? secondsSince(f.now, firstUncopied.createdAt) : 0;
    if (firstUncopied && lag > limit) {
      warnings.push(
        `The external copy lacks the checkpoints from ${firstUncopied.seq} on, the first signed ${duration(lag)} ago: it is not being written (the server log says why). Until it catches up, those checkpoints and the entries they sign can be removed without trace.`,
      );
    }
  }
  if (f.copy && f.copy.unreadable > 0) {
    warnings.push(
      `${f.copy.unreadable} line${f.copy.unreadable === 1 ? '' : 's'} of the external copy could not be read and ${f.copy.unreadable === 1 ? 'was' : 'were'} skipped.`,
    );
  }
  return warnings;
}
