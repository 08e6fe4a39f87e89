import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import type { RequestMeta } from '../../lib/request-meta';
import type { AuditAction } from '../../../shared/audit-actions';
import { chainHash, GENESIS_HASH } from './chain';

export type AuditActor =
  | { type: 'user'; id: string }
  | { type: 'apiKey'; id: string }
  | { type: 'system'; id: null }
  | { type: 'anonymous'; id: null };

export interface AuditEntry {
  /** Only named actions: each has its words in the console (shared/audit-actions.ts). */
  action: AuditAction;
  actor: AuditActor;
  target?: { type: string; id: string };
  data?: Record<string, string | number | boolean | null | string[] | Record<string, number>>;
  meta?: Partial<RequestMeta>;
}

/**
 * Appends to the workspace's hash chain inside the caller's transaction, so the entry commits or
 * rolls back with the change it records. A transaction-scoped advisory lock serialises appends per
 * workspace so that two writers never take the same sequence number.
 */
export async function appendAudit(tx: Tx, workspaceId: WorkspaceId, entry: AuditEntry): Promise<bigint> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'audit:' + workspaceId}, 0))`;
  const last = await tx.auditEvent.findFirst({
    where: { workspaceId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const seq = (last?.seq ?? 0n) + 1n;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    workspaceId,
    seq,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent ?? null,
    requestId: entry.meta?.requestId ?? null,
    data: entry.data ?? {},
    // Millisecond precision, as stored (timestamptz(3)), so the hash recomputes exactly.
    createdAt: new Date(Math.floor(Date.now())),
  };
  await tx.auditEvent.create({ data: { ...fields, prevHash, hash: chainHash(prevHash, fields) } });
  return seq;
}

/** appendAudit for a gated service call: the scope's workspace and actor, the request's meta. */
export function audit(
  ctx: { tx: Tx; scope: { workspaceId: WorkspaceId; auditActor: AuditActor }; meta: Partial<RequestMeta> },
  action: AuditAction,
  target: AuditEntry['target'],
  data?: AuditEntry['data'],
): Promise<bigint> {
  return appendAudit(ctx.tx, ctx.scope.workspaceId, {
    action,
    actor: ctx.scope.auditActor,
    target,
    ...(data && { data }),
    meta: ctx.meta,
  });
}
