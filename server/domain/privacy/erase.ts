import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { appSecrets } from '../../lib/app-secrets';
import { AppError, forbidden } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import { canManageMember, type Role } from '../../../shared/roles';
import { appendAudit, type AuditActor } from '../audit/append';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { toView } from '../message/view';
import type { ServiceCtx } from '../scope';
import { eraseIn, planIn } from './erasure';
import { partDigest, storeReceipt, type Receipt, type ReceiptPart } from './receipt';
import { pseudonymOf, subjectRefOf, type Subject } from './redact';

/** At most this many tombstones are announced live; beyond it, clients see them on their next read. */
const ANNOUNCED = 200;

/** The person as the log may name them (their account may be gone already: then only the id). */
export async function subjectOf(tx: Tx | Deps['tenants']['global'], userId: string): Promise<Subject> {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  return { userId, email: u?.email ?? null, name: u?.name ?? null };
}

/**
 * Erases the person from one workspace in the caller's transaction and anchors that part in the
 * workspace's audit chain. Returns the part and what to announce once it commits.
 */
export async function erasePart(
  deps: Pick<Deps, 'keys'>,
  tx: Tx,
  ws: WorkspaceId,
  subject: Subject,
  key: string,
  audit: { actor: AuditActor; meta: Partial<RequestMeta>; receiptId: string },
) {
  const pseudonym = pseudonymOf(key, ws, subject.userId);
  const { plan, erasedMessageIds } = await eraseIn(deps, tx, ws, subject, pseudonym, key);
  const { blocked: _b, role: _r, ...part } = plan;
  const sha256 = partDigest(part);
  const seq = await appendAudit(tx, ws, {
    action: 'privacy.erase',
    actor: audit.actor,
    target: { type: 'user', id: pseudonym },
    data: { receipt: audit.receiptId, sha256 },
    meta: audit.meta,
  });
  const tombstones = await tx.message.findMany({
    where: { workspaceId: ws, id: { in: erasedMessageIds.slice(0, ANNOUNCED) } },
  });
  const views = await Promise.all(tombstones.map((m) => toView({ tx, deps }, m)));
  const events: DomainEvent[] = [
    { type: 'member:updated', workspaceId: ws, userId: subject.userId, role: null, reason: 'removed' },
    ...views.map((message) => ({ type: 'message:deleted' as const, workspaceId: ws, message })),
  ];
  return { part: part, anchor: { workspaceId: ws, seq: seq.toString(), sha256 }, events };
}

/** What an access request left behind for the receipt: the hashes of the copies the person took. */
export async function exportsOf(deps: Pick<Deps, 'tenants'>, userId: string) {
  const rows = await deps.tenants.global.accessRequest.findMany({
    where: { userId, status: 'done', sha256: { not: null } },
    select: { id: true, sha256: true, finishedAt: true },
  });
  return rows.map((r) => ({ id: r.id, sha256: r.sha256 ?? '', at: r.finishedAt?.toISOString() ?? '' }));
}

/** The person may be erased by this admin: a member they outrank, or someone who has left. */
async function targetRole(ctx: ServiceCtx, userId: string): Promise<Role | null> {
  if (userId === ctx.scope.userId)
    throw new AppError('BAD_REQUEST', 'To erase yourself, delete your account from your profile');
  const m = await ctx.tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ctx.scope.workspaceId, userId } },
    select: { role: true },
  });
  const role = m?.role ?? null;
  if (role && !canManageMember(ctx.scope.role, role)) throw forbidden('You cannot erase this member');
  return role;
}

/** Someone who is no member and of whom nothing is held is nobody to erase here. */
function requireHeld(p: Pick<ReceiptPart, 'erased' | 'pseudonymised'>, role: string | null) {
  const total = [...Object.values(p.erased), ...Object.values(p.pseudonymised)].reduce((a, b) => a + b, 0);
  if (!role && total === 0) throw new AppError('NOT_FOUND', 'Nothing is held about this person here');
}

/** The dry run an admin sees before erasing a person from the workspace: nothing changes. */
export async function erasurePreview(ctx: ServiceCtx, input: { userId: string }) {
  await targetRole(ctx, input.userId);
  const ws = ctx.scope.workspaceId;
  const plan = await planIn(
    ctx.tx,
    ws,
    input.userId,
    pseudonymOf(appSecrets().checkpointKey, ws, input.userId),
  );
  requireHeld(plan, plan.role);
  return plan;
}

/**
 * An admin erases a person from the workspace on their behalf, after the dry run. The receipt is
 * stored with the erasure (one transaction) and the person finds it on their account page.
 */
export async function erasePerson(ctx: ServiceCtx, input: { userId: string }) {
  const role = await targetRole(ctx, input.userId);
  const { tx, scope, deps } = ctx;
  const key = appSecrets().checkpointKey;
  const subject = await subjectOf(tx, input.userId);
  const receiptId = randomUUID();
  const done = await erasePart(deps, tx, scope.workspaceId, subject, key, {
    actor: scope.auditActor,
    meta: ctx.meta,
    receiptId,
  });
  // Planned once, under the erasure's lock; nothing to erase rolls it all back.
  requireHeld(done.part, role);
  const receipt: Receipt = {
    kind: 'enclave.erasure-receipt',
    version: 1,
    id: receiptId,
    scope: 'workspace',
    requestedBy: 'admin',
    erasedAt: new Date().toISOString(),
    workspaces: [done.part],
    account: [],
    exports: await exportsOf(deps, input.userId),
    anchors: [done.anchor],
  };
  const stored = await storeReceipt(tx, key, receipt, subjectRefOf(key, input.userId));
  ctx.afterCommit(async () => {
    deps.keys.ring.persons?.shred(scope.workspaceId, input.userId);
    for (const e of done.events) await deps.events.publish(e);
    // Their files' blobs leave the store now, not at the next sweep.
    await deps.files.sweep();
  });
  return stored;
}
