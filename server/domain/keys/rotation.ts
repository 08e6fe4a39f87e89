import { z } from 'zod';
import { db } from '../../db';
import type { Tx } from '../../db/client';
import { mintWorkspaceId, withTenant, type WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { encryptField } from '../../lib/crypto/aead';
import { indexTokens } from '../../lib/crypto/search-tokens';
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

/** Creates the next key version (used at once by every new write) and queues re-encryption. */
async function rotateIn(tx: Tx, workspaceId: WorkspaceId) {
  const version = await keyring().rotate(tx, workspaceId);
  const total = await pendingRows(tx, workspaceId, version);
  await tx.workspaceKey.update({
    where: { workspaceId_version: { workspaceId, version } },
    data: { rotationTotal: total, ...(total === 0 && { rotationFinishedAt: new Date() }) },
  });
  return { version, total };
}

/** The admin action. */
export async function rotateKey(ctx: ServiceCtx) {
  const { version, total } = await rotateIn(ctx.tx, ctx.scope.workspaceId);
  await audit(ctx, 'key.rotate', { type: 'workspace', id: ctx.scope.workspaceId }, { version, rows: total });
  const workspaceId = ctx.scope.workspaceId;
  if (total > 0) ctx.afterCommit(() => schedule({ workspaceId, version }));
  return keyStatus(ctx);
}

/** Rotation because a key reached its encryption limit (from the send path, after commit). */
export async function requestRotation(workspaceId: string, reason: 'limit') {
  const ws = mintWorkspaceId(workspaceId);
  try {
    const { version, total } = await withTenant(db(), { workspaceId: ws, userId: null }, async (tx) => {
      const r = await rotateIn(tx, ws);
      await appendAudit(tx, ws, {
        action: 'key.rotate',
        actor: { type: 'system', id: null },
        target: { type: 'workspace', id: ws },
        data: { version: r.version, rows: r.total, reason },
        meta: {},
      });
      return r;
    });
    if (total > 0) await schedule({ workspaceId: ws, version });
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
