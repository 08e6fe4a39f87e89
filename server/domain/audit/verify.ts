import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { iso } from '../../lib/time';
import {
  chainHash,
  checkpointValid,
  GENESIS_HASH,
  pruneValid,
  redactionDigest,
  redactionValid,
} from './chain';
import type { CheckpointCopy } from './copy';
import { freshnessWarnings } from './freshness';
import { compareCopy, earliest, type Break } from './verify-copy';

export interface VerifyOptions {
  checkpointKey: string;
  /** AUDIT_CHECKPOINT_INTERVAL_SECONDS: how often the job signs; staleness is judged against it. */
  intervalSeconds: number;
  /** The checkpoints kept outside the database, or null to check against the database alone. */
  copy: CheckpointCopy | null;
  now?: Date;
}

const BATCH = 1000;

/**
 * Recomputes the chain from the first entry, against the signed checkpoints in the database and in
 * the external copy. Reports the first sequence number where it breaks: an altered entry (hash
 * mismatch), a missing or reordered one (sequence gap or wrong previous hash), a truncated tail
 * (a checkpoint names an entry that is gone or different), or checkpoints cut from the database
 * (the copy holds them). Entries after the newest checkpoint that reached the copy are protected by
 * the database alone: hence the checkpoint's age and the warnings.
 */
export async function verifyAudit(
  { tx, scope }: { tx: Tx; scope: { workspaceId: WorkspaceId } },
  opts: VerifyOptions,
) {
  const ws = scope.workspaceId;
  const walked = await walkChain(tx, ws, opts.checkpointKey);
  const [head, newest] = await Promise.all([
    tx.auditEvent.findFirst({ where: { workspaceId: ws }, orderBy: { seq: 'desc' }, select: { seq: true } }),
    tx.auditCheckpoint.findFirst({ where: { workspaceId: ws }, orderBy: { seq: 'desc' } }),
  ]);
  const headSeq = head?.seq ?? 0n;
  const copy = opts.copy ? await compareCopy(tx, ws, opts.checkpointKey, opts.copy, headSeq) : null;
  const broken = earliest(walked.broken, copy?.broken ?? null);
  const now = opts.now ?? new Date();
  const warnings = await freshnessWarnings(tx, ws, {
    headSeq,
    newest,
    copy,
    now,
    intervalSeconds: opts.intervalSeconds,
  });
  return {
    ok: broken === null,
    checked: walked.checked,
    /** Entries below this were pruned by audit retention (a signed record): the walk starts here. */
    prunedBefore: walked.prunedBefore?.toString() ?? null,
    brokenAt: broken?.at.toString() ?? null,
    reason: broken?.reason ?? null,
    checkpoint: newest
      ? {
          seq: newest.seq.toString(),
          createdAt: iso(newest.createdAt),
          ageSeconds: Math.max(0, Math.floor((now.getTime() - newest.createdAt.getTime()) / 1000)),
        }
      : null,
    copy: copy
      ? {
          kind: copy.kind,
          consulted: copy.consulted,
          agrees: copy.consulted ? copy.broken === null : null,
          checkpoints: copy.checkpoints,
          newestSeq: copy.newestSeq?.toString() ?? null,
        }
      : null,
    warnings,
  };
}

/**
 * The chain against itself and the database's checkpoints, in batches (bounded memory). A pruned
 * log (audit retention) is walked from its newest signed "pruned before" record: the first entry
 * kept must chain from the hash that record signs.
 */
async function walkChain(tx: Tx, ws: WorkspaceId, key: string) {
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  const fail = (
    at: bigint,
    reason: string,
  ): { checked: number; broken: Break; prunedBefore: bigint | null } => ({
    checked,
    broken: { at, reason },
    prunedBefore: expected > 1n ? expected : null,
  });
  const pruned = await tx.auditPrune.findFirst({
    where: { workspaceId: ws },
    orderBy: { beforeSeq: 'desc' },
  });
  if (pruned) {
    if (!pruneValid(key, pruned)) return fail(pruned.beforeSeq, "the pruning record's signature is invalid");
    prev = pruned.prevHash;
    expected = pruned.beforeSeq;
  }
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { workspaceId: ws, seq: { gte: expected } },
      orderBy: { seq: 'asc' },
      take: BATCH,
    });
    const last = rows.at(-1);
    if (!last) break;
    const signed = await tx.auditCheckpoint.findMany({
      where: { workspaceId: ws, seq: { gte: expected, lte: last.seq } },
    });
    const bySeq = new Map(signed.map((c) => [c.seq, c]));
    const redactions = await tx.auditRedaction.findMany({
      where: { workspaceId: ws, seq: { gte: expected, lte: last.seq } },
    });
    for (const r of rows) {
      if (r.seq !== expected) return fail(expected, 'entry missing');
      if (r.prevHash !== prev) return fail(r.seq, 'previous hash does not match');
      // An entry rewritten by an erasure keeps its hash; a signed record vouches for its new form.
      const vouched = (d: string) =>
        redactions.some(
          (x) => x.seq === r.seq && x.digest === d && redactionValid(key, { ...x, hash: r.hash }),
        );
      if (chainHash(prev, r) !== r.hash && !vouched(redactionDigest(r))) return fail(r.seq, 'entry altered');
      const cp = bySeq.get(r.seq);
      if (cp && !checkpointValid(key, ws, cp.seq, cp.hash, cp.signature))
        return fail(r.seq, 'a checkpoint signature is invalid');
      if (cp && cp.hash !== r.hash) return fail(r.seq, 'entry differs from its checkpoint');
      prev = r.hash;
      expected = r.seq + 1n;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  // A checkpoint past the end of the chain signs entries that are gone.
  const past = await tx.auditCheckpoint.findFirst({
    where: { workspaceId: ws, seq: { gte: expected } },
    orderBy: { seq: 'desc' },
  });
  if (past && !checkpointValid(key, ws, past.seq, past.hash, past.signature))
    return fail(past.seq, 'a checkpoint signature is invalid');
  if (past) return fail(expected, `entries from ${expected} on are missing (checkpoint at ${past.seq})`);
  return { checked, broken: null, prunedBefore: pruned?.beforeSeq ?? null };
}
