import { z } from 'zod';
import { db } from '../../db';
import type { Tx } from '../../db/client';
import { mintWorkspaceId, withTenant, type WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { encryptField } from '../../lib/crypto/aead';
import { indexTokens } from '../../lib/crypto/search-tokens';
import { AppError } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { uuidInput } from '../../lib/text';
import { appendAudit, audit } from '../audit/append';
import { bodyBinding, bodyMac, editBinding } from '../message/view';
import type { ServiceCtx } from '../scope';
import { keyring, searchKeyFor } from './keyring';

export const rotationJob = z.object({ workspaceId: uuidInput(), version: z.number().int().min(1) });
export type RotationJob = z.infer<typeof rotationJob>;

type Enqueue = (job: RotationJob) => Promise<void>;
let enqueue: Enqueue | undefined;

/** The job queue registers itself here; without one (CLI, some tests) rotation runs in-process. */
export function setRotationQueue(fn: Enqueue | undefined) {
  enqueue = fn;
}

async function schedule(job: RotationJob) {
  if (enqueue) return enqueue(job);
  void runRotation(job).catch((err: unknown) => logger.error({ err, ...job }, 'key rotation failed'));
}

async function pendingRows(tx: Tx, workspaceId: string, version: number) {
  const [m, e] = await Promise.all([
    tx.message.count({ where: { workspaceId, keyVersion: { lt: version } } }),
    tx.messageEdit.count({ where: { workspaceId, keyVersion: { lt: version } } }),
  ]);
  return m + e;
}

/** Serialises rotations of one workspace (admin, automatic, on any node) for the transaction. */
const lockKeys = (tx: Tx, workspaceId: WorkspaceId) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'keys:' + workspaceId}, 0))`;

type Reason = { kind: 'admin' } | { kind: 'limit'; version: number };

/**
 * Creates the next key version (used by every new write once this commits) and counts what is to
 * re-encrypt. Under the workspace's rotation lock: an admin may start one rotation at a time, at
 * most once per KEY_ROTATION_MIN_INTERVAL_SECONDS; a key that reached its limit is replaced once
 * (null when another transaction already replaced it).
 */
async function rotateIn(tx: Tx, workspaceId: WorkspaceId, reason: Reason) {
  await lockKeys(tx, workspaceId);
  const newest = await tx.workspaceKey.findFirst({
    where: { workspaceId },
    orderBy: { version: 'desc' },
    select: {
      version: true,
      createdAt: true,
      rotationTotal: true,
      rotationDone: true,
      rotationFinishedAt: true,
    },
  });
  if (reason.kind === 'limit') {
    if (newest && newest.version > reason.version) return null;
  } else if (newest) {
    if (newest.rotationTotal !== null && !newest.rotationFinishedAt) {
      throw new AppError(
        'CONFLICT',
        `A key rotation is in progress (${Math.min(newest.rotationDone, newest.rotationTotal)} of ${newest.rotationTotal} rows re-encrypted); rotate again once it has finished`,
      );
    }
    const min = env().KEY_ROTATION_MIN_INTERVAL_SECONDS;
    const since = (Date.now() - newest.createdAt.getTime()) / 1000;
    // Version 1 comes with the workspace; the interval is between rotations.
    if (newest.version > 1 && since < min) {
      const wait = Math.ceil(min - since);
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `Keys can be rotated once every ${formatSeconds(min)}; the last rotation was ${formatSeconds(Math.floor(since))} ago, so try again in ${formatSeconds(wait)}`,
        { retryAfterSeconds: wait },
      );
    }
  }
  const version = await keyring().rotate(tx, workspaceId);
  if (version === null) throw new AppError('CONFLICT', 'The key was rotated at the same moment; reload');
  const total = await pendingRows(tx, workspaceId, version);
  await tx.workspaceKey.update({
    where: { workspaceId_version: { workspaceId, version } },
    data: { rotationTotal: total, ...(total === 0 && { rotationFinishedAt: new Date() }) },
  });
  return { version, total };
}

const formatSeconds = (s: number) =>
  s >= 3600 && s % 3600 === 0 ? `${s / 3600} h` : s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;

/** The admin action. */
export async function rotateKey(ctx: ServiceCtx) {
  const workspaceId = ctx.scope.workspaceId;
  const r = await rotateIn(ctx.tx, workspaceId, { kind: 'admin' });
  if (!r) throw new AppError('CONFLICT', 'The key was rotated at the same moment; reload');
  const { version, total } = r;
  await audit(ctx, 'key.rotate', { type: 'workspace', id: workspaceId }, { version, rows: total });
  // The new version is cached (and used) only once it has committed.
  ctx.afterCommit(() => keyring().forget(workspaceId));
  if (total > 0) ctx.afterCommit(() => schedule({ workspaceId, version }));
  return keyStatus(ctx);
}

/**
 * Rotation because key `version` reached its encryption limit (from the send path, after commit).
 * Many sends may ask at once; the first replaces the key, the others find it replaced.
 */
export async function requestRotation(workspaceId: string, version: number) {
  const ws = mintWorkspaceId(workspaceId);
  try {
    const r = await withTenant(db(), { workspaceId: ws, userId: null }, async (tx) => {
      const rotated = await rotateIn(tx, ws, { kind: 'limit', version });
      if (!rotated) return null;
      await appendAudit(tx, ws, {
        action: 'key.rotate',
        actor: { type: 'system', id: null },
        target: { type: 'workspace', id: ws },
        data: { version: rotated.version, rows: rotated.total, reason: 'limit' },
        meta: {},
      });
      return rotated;
    });
    keyring().forget(ws);
    if (r && r.total > 0) await schedule({ workspaceId: ws, version: r.version });
  } catch (err) {
    logger.error({ err, workspaceId }, 'automatic key rotation failed');
  }
}

export async function keyStatus(ctx: ServiceCtx) {
  await keyring().flush();
  const rows = await ctx.tx.workspaceKey.findMany({
    where: { workspaceId: ctx.scope.workspaceId },
    orderBy: { version: 'desc' },
  });
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    encryptions: Number(r.encryptions),
    rotation:
      r.rotationTotal === null
        ? null
        : {
            total: r.rotationTotal,
            done: Math.min(r.rotationDone, r.rotationTotal),
            finishedAt: r.rotationFinishedAt?.toISOString() ?? null,
          },
  }));
}

/**
 * Re-encrypts one batch of rows still under an older version into `version`: bodies, edit history,
 * search tokens (rebuilt under the new search key) and duplicate hashes. Rows are locked with SKIP
 * LOCKED so concurrent edits are never overwritten; reads work throughout (every version decrypts).
 * Returns how many rows it moved.
 */
async function reencryptBatch(tx: Tx, workspaceId: WorkspaceId, version: number, limit: number) {
  const ring = keyring();
  const key = await ring.key(tx, workspaceId, version);
  const sKey = await searchKeyFor(tx, workspaceId, version);
  const msgs = await tx.$queryRaw<{ id: string; conversation_id: string; body: Uint8Array | null }[]>`
    SELECT id, conversation_id, body FROM message WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  for (const m of msgs) {
    if (!m.body) {
      await tx.message.update({ where: { id: m.id }, data: { keyVersion: version } });
      continue;
    }
    const text = await ring.decrypt(tx, bodyBinding(workspaceId, m.id), Buffer.from(m.body));
    await tx.message.update({
      where: { id: m.id },
      data: {
        body: new Uint8Array(encryptField(key, version, bodyBinding(workspaceId, m.id), text)),
        keyVersion: version,
        searchTokens: indexTokens(sKey, text),
        bodyMac: new Uint8Array(bodyMac(sKey, m.conversation_id, text)),
      },
    });
  }
  const edits = await tx.$queryRaw<{ id: string; body: Uint8Array }[]>`
    SELECT id, body FROM message_edit WHERE workspace_id = ${workspaceId}::uuid AND key_version < ${version}
    LIMIT ${Math.max(limit - msgs.length, 0)} FOR UPDATE SKIP LOCKED`;
  for (const e of edits) {
    const text = await ring.decrypt(tx, editBinding(workspaceId, e.id), Buffer.from(e.body));
    await tx.messageEdit.update({
      where: { id: e.id },
      data: {
        body: new Uint8Array(encryptField(key, version, editBinding(workspaceId, e.id), text)),
        keyVersion: version,
      },
    });
  }
  const moved = msgs.length + edits.length;
  ring.count(workspaceId, version, moved);
  await tx.workspaceKey.update({
    where: { workspaceId_version: { workspaceId, version } },
    data: { rotationDone: { increment: moved } },
  });
  return moved;
}

/** The job: batches until nothing older is left, then marks the rotation finished. */
export async function runRotation(job: RotationJob): Promise<void> {
  const ws = mintWorkspaceId(job.workspaceId);
  const limit = env().KEY_ROTATION_BATCH;
  for (;;) {
    const moved = await withTenant(db(), { workspaceId: ws, userId: null }, (tx) =>
      reencryptBatch(tx, ws, job.version, limit),
    );
    if (moved > 0) continue;
    // Nothing movable: done, or the rest is locked by a writer for a moment.
    const left = await withTenant(db(), { workspaceId: ws, userId: null }, (tx) =>
      pendingRows(tx, ws, job.version),
    );
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await withTenant(db(), { workspaceId: ws, userId: null }, async (tx) => {
    await tx.workspaceKey.update({
      where: { workspaceId_version: { workspaceId: ws, version: job.version } },
      data: { rotationFinishedAt: new Date() },
    });
  });
}
