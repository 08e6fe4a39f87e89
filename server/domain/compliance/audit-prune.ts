import { AUDIT_RETENTION } from '../../../shared/retention';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { appendAudit } from '../audit/append';
import { signPrune } from '../audit/chain';
import type { Deps } from '../deps';
import { activeHolds } from './holds';

const DAY = 86_400_000;

/** Days the workspace's audit log keeps entries (its rule, or the default of seven years). */
export async function auditDaysOf(tx: Tx, workspaceId: string): Promise<number> {
  const row = await tx.auditRetention.findUnique({ where: { workspaceId }, select: { days: true } });
  return row?.days ?? AUDIT_RETENTION.default;
}

async function prune(tx: Tx, ws: WorkspaceId, checkpointKey: string, asOf: Date) {
  // A hold on the whole workspace keeps its log whole too.
  if ((await activeHolds(tx, ws)).workspace) return null;
  const cutoff = new Date(asOf.getTime() - (await auditDaysOf(tx, ws)) * DAY);
  // The first entry to keep: the lowest one not yet due. Everything below it is due (had one
  // below it been written after the cutoff, it would be the lowest), so nothing goes early.
  const [kept] = await tx.$queryRaw<{ seq: bigint }[]>`
    SELECT seq FROM audit_event WHERE workspace_id = ${ws}::uuid AND created_at >= ${cutoff}
    ORDER BY seq LIMIT 1`;
  const [head] = await tx.$queryRaw<{ seq: bigint }[]>`
    SELECT max(seq) AS seq FROM audit_event WHERE workspace_id = ${ws}::uuid`;
  if (!head?.seq) return null;
  const beforeSeq = kept?.seq ?? head.seq + 1n;
  const last = await tx.auditPrune.findFirst({ where: { workspaceId: ws }, orderBy: { beforeSeq: 'desc' } });
  if (beforeSeq <= (last?.beforeSeq ?? 1n)) return null;
  const prev = await tx.auditEvent.findUnique({
    where: { workspaceId_seq: { workspaceId: ws, seq: beforeSeq - 1n } },
    select: { hash: true },
  });
  if (!prev) return null;
  const due = await tx.auditEvent.count({ where: { workspaceId: ws, seq: { lt: beforeSeq } } });
  // The record first (it is append-only, so it says how many go): the log's guard lets entries go
  // only below one.
  await tx.auditPrune.create({
    data: {
      workspaceId: ws,
      beforeSeq,
      prevHash: prev.hash,
      cutoff,
      removed: due,
      signature: signPrune(checkpointKey, ws, beforeSeq, prev.hash),
    },
  });
  const removed = await tx.$executeRaw`
    DELETE FROM audit_event WHERE workspace_id = ${ws}::uuid AND seq < ${beforeSeq}`;
  await appendAudit(tx, ws, {
    action: 'audit.prune',
    actor: { type: 'system', id: null },
    target: { type: 'workspace', id: ws },
    data: { beforeSeq: beforeSeq.toString(), cutoff: cutoff.toISOString(), removed },
  });
  return { beforeSeq, removed, cutoff };
}

/**
 * Prunes the workspace's audit entries older than its audit retention as of `asOf`, behind a
 * signed "pruned before" record (so the rest of the chain still verifies), and records that in
 * the log itself. Nothing while the workspace is under a legal hold. Null when nothing was due.
 */
export function pruneAudit(
  deps: Pick<Deps, 'tenants'>,
  workspaceId: string,
  checkpointKey: string,
  asOf: Date = new Date(),
) {
  return deps.tenants.system(workspaceId, (tx, ws) => prune(tx, ws, checkpointKey, asOf));
}
