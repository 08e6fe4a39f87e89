import type { z } from 'zod';
import type { Db } from '../../db/client';
import { SIGN_IN_ACTIONS } from '../../../shared/audit-actions';
import { AppError } from '../../lib/errors';
import { iso } from '../../lib/time';
import type { ServiceCtx } from '../scope';
import { signCheckpoint } from './chain';
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
      ...(input.hideSignIns && { NOT: { action: { in: [...SIGN_IN_ACTIONS] } } }),
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
