import type { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { iso } from '../../lib/time';
import type { ServiceCtx } from '../scope';
import { chainHash, checkpointValid, GENESIS_HASH, signCheckpoint } from './chain';
import type { CheckpointCopy } from './copy';
import { checkpointCopy } from './copy-config';
import { copyCheckpoints } from './copy-sync';
import type { listAuditInput } from './schemas';

export async function listAudit({ tx, scope }: ServiceCtx, input: z.infer<typeof listAuditInput>) {
  if (input.from && input.to && input.from > input.to) {
    throw new AppError('VALIDATION', '"from" is after "to"', {
      fieldErrors: { from: ['Must not be after "to"'] },
    });
  }
  const rows = await tx.auditEvent.findMany({
    where: {
      workspaceId: scope.workspaceId,
      ...(input.action && { action: input.action }),
      ...(input.actorId && { actorId: input.actorId }),
      ...((input.from || input.to) && {
        createdAt: { ...(input.from && { gte: input.from }), ...(input.to && { lte: input.to }) },
      }),
      ...(input.cursor && { seq: { lt: input.cursor } }),
    },
    orderBy: { seq: 'desc' },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      seq: r.seq.toString(),
      actorType: r.actorType,
      actorId: r.actorId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      ip: r.ip,
      userAgent: r.userAgent,
      requestId: r.requestId,
      data: r.data,
      createdAt: iso(r.createdAt),
      hash: r.hash,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.seq.toString() ?? null) : null,
  };
}

const BATCH = 1000;

/**
 * Recomputes the chain from the first entry. Reports the first sequence number where it breaks:
 * an altered entry (hash mismatch), a missing or reordered one (sequence gap or wrong previous hash),
 * or a truncated tail (a signed checkpoint names an entry that is gone or different).
 */
export async function verifyAudit({ tx, scope }: ServiceCtx, checkpointKey: string) {
  const checkpoints = await tx.auditCheckpoint.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: { seq: 'asc' },
  });
  const bySeq = new Map<bigint, string>();
  for (const c of checkpoints) {
    if (!checkpointValid(checkpointKey, scope.workspaceId, c.seq, c.hash, c.signature)) {
      return result(false, 0, c.seq, 'a checkpoint signature is invalid', checkpoints.at(-1));
    }
    bySeq.set(c.seq, c.hash);
  }
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { workspaceId: scope.workspaceId, seq: { gte: expected } },
      orderBy: { seq: 'asc' },
      take: BATCH,
    });
    for (const r of rows) {
      if (r.seq !== expected) return result(false, checked, expected, 'entry missing', checkpoints.at(-1));
      if (r.prevHash !== prev)
        return result(false, checked, r.seq, 'previous hash does not match', checkpoints.at(-1));
      if (chainHash(prev, r) !== r.hash)
        return result(false, checked, r.seq, 'entry altered', checkpoints.at(-1));
      const cp = bySeq.get(r.seq);
      if (cp !== undefined && cp !== r.hash)
        return result(false, checked, r.seq, 'entry differs from its checkpoint', checkpoints.at(-1));
      prev = r.hash;
      expected = r.seq + 1n;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const last = checkpoints.at(-1);
  if (last && last.seq >= expected) {
    return result(
      false,
      checked,
      expected,
      `entries from ${expected} on are missing (checkpoint at ${last.seq})`,
      last,
    );
  }
  return result(true, checked, null, null, last);
}

function result(
  ok: boolean,
  checked: number,
  brokenAt: bigint | null,
  reason: string | null,
  checkpoint: { seq: bigint; createdAt: Date } | undefined,
) {
  return {
    ok,
    checked,
    brokenAt: brokenAt?.toString() ?? null,
    reason,
    checkpoint: checkpoint ? { seq: checkpoint.seq.toString(), createdAt: iso(checkpoint.createdAt) } : null,
  };
}

/**
 * Admin job: signs the head of every workspace's chain that moved since its last checkpoint, then
 * writes every checkpoint the copy outside the database does not have yet (a failed write is
 * logged and retried on the next run). Runs as the owner role (it must see every workspace); the
 * runtime role cannot write checkpoints. Returns how many checkpoints were signed.
 */
export async function writeCheckpoints(
  admin: Db,
  checkpointKey: string,
  copy: CheckpointCopy = checkpointCopy(),
): Promise<number> {
  const heads = await admin.$queryRaw<{ workspace_id: string; seq: bigint; hash: string }[]>`
    SELECT DISTINCT ON (e.workspace_id) e.workspace_id, e.seq, e.hash
    FROM audit_event e
    ORDER BY e.workspace_id, e.seq DESC`;
  let written = 0;
  for (const h of heads) {
    const created = await admin.auditCheckpoint.createMany({
      data: [
        {
          workspaceId: h.workspace_id,
          seq: h.seq,
          hash: h.hash,
          signature: signCheckpoint(checkpointKey, h.workspace_id, h.seq, h.hash),
        },
      ],
      skipDuplicates: true,
    });
    written += created.count;
  }
  await copyCheckpoints(admin, copy);
  return written;
}
