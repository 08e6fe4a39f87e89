import { db } from '../../db';
import type { Tx } from '../../db/client';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { env } from '../../env';
import { appSecrets } from '../../lib/app-secrets';
import { Keyring, type KeyStore } from '../../lib/crypto/keyring';
import { searchKey } from '../../lib/crypto/search-tokens';

/** Wrapped data keys in workspace_key, read in the caller's (tenant-scoped) transaction. */
export const tableKeyStore: KeyStore<Tx> = {
  async list(tx, workspaceId) {
    const rows = await tx.workspaceKey.findMany({ where: { workspaceId } });
    return rows.map((r) => ({
      workspaceId: r.workspaceId,
      version: r.version,
      wrapped: Buffer.from(r.wrapped),
      encryptions: r.encryptions,
    }));
  },
  async insert(tx, k) {
    // ON CONFLICT DO NOTHING: a racing first use or rotation waits for the other to commit, then
    // finds its row instead of failing on the primary key.
    const r = await tx.workspaceKey.createMany({
      data: [
        {
          workspaceId: k.workspaceId,
          version: k.version,
          wrapped: new Uint8Array(k.wrapped),
          encryptions: k.encryptions,
        },
      ],
      skipDuplicates: true,
    });
    return r.count === 1;
  },
  async addCounts(counts) {
    const totals: (bigint | null)[] = [];
    for (const c of counts) {
      const ws = mintWorkspaceId(c.workspaceId);
      const rows = await withTenant(
        db(),
        { workspaceId: ws, userId: null },
        (tx) =>
          tx.$queryRaw<{ encryptions: bigint }[]>`
          UPDATE workspace_key SET encryptions = encryptions + ${c.n}
          WHERE workspace_id = ${ws}::uuid AND version = ${c.version} RETURNING encryptions`,
      );
      totals.push(rows[0]?.encryptions ?? null);
    }
    return totals;
  },
};

let ring: Keyring<Tx> | undefined;

/** The process's keyring over workspace_key, wrapped by the configured (or generated) master key. */
export function keyring(): Keyring<Tx> {
  ring ??= new Keyring(appSecrets().masterKey, tableKeyStore, BigInt(env().KEY_ROTATE_AFTER_ENCRYPTIONS));
  return ring;
}

/** Writes buffered encryption counts (timer and shutdown). */
export async function flushKeyCounts(): Promise<void> {
  await ring?.flush();
}

const searchKeys = new Map<string, Buffer>();

/** The blind-index key when it was derived before (undefined otherwise). */
export const cachedSearchKey = (workspaceId: string, version: number): Buffer | undefined =>
  searchKeys.get(`${workspaceId}:${version}`);

/** The blind-index key of one key version of a workspace (derived, never stored). */
export async function searchKeyFor(tx: Tx, workspaceId: string, version: number): Promise<Buffer> {
  const id = `${workspaceId}:${version}`;
  let k = searchKeys.get(id);
  if (!k) {
    const dataKey = await keyring().key(tx, workspaceId, version);
    k = searchKey(dataKey, workspaceId);
    // Only for a committed key (the keyring cached it): never for one a rolled-back transaction made.
    if (keyring().cachedKey(workspaceId, version) === dataKey) searchKeys.set(id, k);
  }
  return k;
}
