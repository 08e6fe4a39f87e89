import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { appSecrets } from '../../lib/app-secrets';
import { AppError } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { erasePart, exportsOf, subjectOf } from './erase';
import { ACCOUNT_TABLES } from './erasure-plan';
import { planIn } from './erasure';
import { storeReceipt, type Receipt, type ReceiptPart } from './receipt';
import { pseudonymOf, subjectRefOf } from './redact';

type AccountDeps = Pick<Deps, 'tenants' | 'keys' | 'events' | 'identity' | 'files'>;

/** Every workspace that holds something of the person: a membership, or a key (they wrote there). */
async function workspacesOf(deps: Pick<Deps, 'tenants'>, userId: string) {
  const rows = await deps.tenants.admin.$queryRaw<{ workspace_id: string }[]>`
    SELECT workspace_id FROM member WHERE user_id = ${userId}
    UNION SELECT workspace_id FROM person_key WHERE user_id = ${userId}`;
  return rows.map((r) => r.workspace_id);
}

/** The dry run of deleting the account: what each workspace erases and keeps, and what blocks it. */
export async function deletionPreview(deps: Pick<Deps, 'tenants'>, userId: string) {
  const key = appSecrets().checkpointKey;
  const workspaces = [];
  for (const ws of await workspacesOf(deps, userId))
    workspaces.push(
      await deps.tenants.personIn(ws, userId, (tx, w) => planIn(tx, w, userId, pseudonymOf(key, w, userId))),
    );
  return {
    workspaces,
    account: [...ACCOUNT_TABLES],
    blocked: workspaces.flatMap((w) => (w.blocked ? [w.blocked] : [])),
  };
}

/**
 * Deletes the account: the person is erased from every workspace (each in its own transaction,
 * anchored in that workspace's audit chain), then their sessions end and the account goes. The
 * signed receipt is returned (to save) and kept, found again only by a keyed hash of their id.
 * Asking again after a failure part-way finds only the workspaces still left.
 */
export async function deleteAccount(
  deps: AccountDeps,
  userId: string,
  input: { confirmEmail: string },
  meta: Partial<RequestMeta>,
) {
  const subject = await subjectOf(deps.tenants.global, userId);
  if (!subject.email || subject.email.toLowerCase() !== input.confirmEmail.trim().toLowerCase())
    throw new AppError(
      'BAD_REQUEST',
      'Type your email address to confirm that you want your account deleted',
    );
  const preview = await deletionPreview(deps, userId);
  if (preview.blocked.length > 0) throw new AppError('CONFLICT', preview.blocked.join('; '));
  const key = appSecrets().checkpointKey;
  const receiptId = randomUUID();
  const exports = await exportsOf(deps, userId);
  const parts: ReceiptPart[] = [];
  const anchors: Receipt['anchors'] = [];
  for (const w of preview.workspaces) {
    const done = await deps.tenants.personIn(w.workspaceId, userId, (tx, ws) =>
      erasePart(deps, tx, ws, subject, key, {
        // The person acts under their pseudonym; their address and browser are theirs to take away.
        actor: { type: 'user', id: pseudonymOf(key, ws, userId) },
        meta: { requestId: meta.requestId },
        receiptId,
      }),
    );
    parts.push(done.part);
    anchors.push(done.anchor);
    await announce(deps, w.workspaceId, userId, done.events);
  }
  const files = await deps.tenants.global.accessRequest.findMany({
    where: { userId },
    select: { file: true },
  });
  const receipt: Receipt = {
    kind: 'enclave.erasure-receipt',
    version: 1,
    id: receiptId,
    scope: 'account',
    requestedBy: 'self',
    erasedAt: new Date().toISOString(),
    workspaces: parts,
    account: [...ACCOUNT_TABLES],
    exports,
    anchors,
  };
  const stored = await storeReceipt(deps.tenants.global, key, receipt, subjectRefOf(key, userId));
  await deps.identity.revokeSessions(userId);
  await deps.files.sweep();
  // Sessions, sign-in accounts and access requests go with the user row (ON DELETE CASCADE).
  await deps.tenants.global.$transaction([
    deps.tenants.global.verification.deleteMany({ where: { identifier: subject.email } }),
    deps.tenants.global.user.delete({ where: { id: userId } }),
  ]);
  for (const f of files) if (f.file) await rm(f.file, { force: true });
  return stored;
}

async function announce(
  deps: Pick<Deps, 'keys' | 'events'>,
  ws: string,
  userId: string,
  events: DomainEvent[],
) {
  deps.keys.ring.persons?.shred(ws, userId);
  for (const e of events) await deps.events.publish(e);
}
