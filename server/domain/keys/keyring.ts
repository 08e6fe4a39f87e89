import { db } from '../../db';
import type { Tx } from '../../db/client';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { env } from '../../env';
import { appSecrets } from '../../lib/app-secrets';
import { Keyring, type KeyStore } from '../../lib/crypto/keyring';
import { searchKey } from '../../lib/crypto/search-tokens';

/** Wrapped data keys in workspace_key, read in the caller's (tenant-scoped) transaction. */
const tableKeyStore: KeyStore<Tx> = {
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
    await tx.workspaceKey.create({
      data: {
        workspaceId: k.workspaceId,
        version: k.version,
        wrapped: new Uint8Array(k.wrapped),
        encryptions: k.encryptions,
      },
    });
  },
  async addCounts(counts) {
    const totals: bigint[] = [];
    for (const c of counts) {
      const ws = mintWorkspaceId(c.workspaceId);
      const row = await withTenant(db(), { workspaceId: ws, userId: null }, (tx) =>
        tx.workspaceKey.update({
          where: { workspaceId_version: { workspaceId: ws, version: c.version } },
          data: { encryptions: { increment: c.n } },
          select: { encryptions: true },
        }),
      );
      totals.push(row.encryptions);
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
    k = searchKey(await keyring().key(tx, workspaceId, version), workspaceId);
    searchKeys.set(id, k);
  }
  return k;
}
