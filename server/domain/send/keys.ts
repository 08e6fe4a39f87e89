import type { WorkspaceId } from '../../db/tenant';
import { AppError } from '../../lib/errors';
import type { SendDeps, TenantRead } from './types';

/**
 * Each author's own data key (what they write is encrypted under it, so erasing them can destroy
 * it): from the cache when warm, else read (or made) under the tenant.
 */
export async function personKeysOf(
  { keys }: SendDeps,
  read: TenantRead,
  workspaceId: WorkspaceId,
  userIds: string[],
) {
  const persons = keys.ring.persons;
  if (!persons) throw new AppError('INTERNAL', 'Person keys are not configured');
  const out = new Map<string, { id: string; key: Buffer }>();
  const missing: string[] = [];
  for (const u of new Set(userIds)) {
    const cached = persons.cached(workspaceId, u);
    if (cached) out.set(u, cached);
    else missing.push(u);
  }
  if (missing.length > 0)
    await read(async (tx) => {
      for (const u of missing) out.set(u, await persons.of(tx, workspaceId, u));
    });
  return out;
}

/** Settings and the current keys: from the caches when warm, else read under the tenant. */
export async function sendKeys(
  { keys, settings: cache }: SendDeps,
  read: TenantRead,
  workspaceId: WorkspaceId,
) {
  const settings = cache.cached(workspaceId);
  const current = keys.ring.cachedCurrent(workspaceId);
  const sKey = current && keys.cachedSearchKey(workspaceId, current.version);
  if (settings && current && sKey) return { settings, ...current, sKey };
  return read(async (tx) => {
    const s = await cache.read(tx, workspaceId);
    const { version, key } = await keys.ring.current(tx, workspaceId);
    return { settings: s, version, key, sKey: await keys.searchKeyFor(tx, workspaceId, version) };
  });
}
