import type { Tx } from '../../db/client';
import type { WorkspaceId } from '../../db/tenant';
import { env } from '../../env';
import { AppError } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { appendAudit, audit } from '../audit/append';
import type { Deps } from '../deps';
import type { ServiceCtx } from '../scope';
import { pendingRows, rowsByVersion } from './reencrypt';

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
async function rotateIn(keys: Deps['keys'], tx: Tx, workspaceId: WorkspaceId, reason: Reason) {
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
  const version = await keys.ring.rotate(tx, workspaceId);
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
  const { keys, rotations } = ctx.deps;
  const r = await rotateIn(keys, ctx.tx, workspaceId, { kind: 'admin' });
  if (!r) throw new AppError('CONFLICT', 'The key was rotated at the same moment; reload');
  const { version, total } = r;
  await audit(ctx, 'key.rotate', { type: 'workspace', id: workspaceId }, { version, rows: total });
  // The new version is cached (and used) only once it has committed.
  ctx.afterCommit(() => keys.ring.forget(workspaceId));
  if (total > 0) ctx.afterCommit(() => rotations.enqueue({ workspaceId, version }));
  return keyStatus(ctx);
}

/**
 * Rotation because key `version` reached its encryption limit (from the send path, after commit).
 * Many sends may ask at once; the first replaces the key, the others find it replaced.
 */
export async function requestRotation(
  deps: Pick<Deps, 'keys' | 'tenants' | 'rotations'>,
  workspaceId: string,
  version: number,
) {
  try {
    const r = await deps.tenants.system(workspaceId, async (tx, ws) => {
      const rotated = await rotateIn(deps.keys, tx, ws, { kind: 'limit', version });
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
    deps.keys.ring.forget(workspaceId);
    if (r && r.total > 0) await deps.rotations.enqueue({ workspaceId, version: r.version });
  } catch (err) {
    logger.error({ err, workspaceId }, 'automatic key rotation failed');
  }
}

export async function keyStatus(ctx: ServiceCtx) {
  await ctx.deps.keys.ring.flush();
  const [rows, inUse] = await Promise.all([
    ctx.tx.workspaceKey.findMany({
      where: { workspaceId: ctx.scope.workspaceId },
      orderBy: { version: 'desc' },
    }),
    rowsByVersion(ctx.tx, ctx.scope.workspaceId),
  ]);
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    encryptions: Number(r.encryptions),
    rows: inUse.get(r.version) ?? 0,
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
