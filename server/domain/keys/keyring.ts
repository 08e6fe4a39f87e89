import type { Tx } from '../../db/client';
import { Keyring, type KeyStore } from '../../lib/crypto/keyring';
import type { PersonKeyStore, StoredPersonKey } from '../../lib/crypto/person-keys';
import { searchKey } from '../../lib/crypto/search-tokens';
import type { KeyServices, TenantRunner } from '../deps';

/** Wrapped data keys in workspace_key, read in the caller's (tenant-scoped) transaction. */
export const tableKeyStore = (tenants: TenantRunner): KeyStore<Tx> => ({
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
      const rows = await tenants.system(
        c.workspaceId,
        (tx, ws) =>
          tx.$queryRaw<{ encryptions: bigint }[]>`
          UPDATE workspace_key SET encryptions = encryptions + ${c.n}
          WHERE workspace_id = ${ws}::uuid AND version = ${c.version} RETURNING encryptions`,
      );
      totals.push(rows[0]?.encryptions ?? null);
    }
    return totals;
  },
});

const personKeyOf = (r: {
  workspaceId: string;
  id: string;
  userId: string;
  wrapped: Uint8Array;
  wrapVersion: number;
}): StoredPersonKey => ({ ...r, wrapped: Buffer.from(r.wrapped) });

/** People's data keys in person_key, read in the caller's (tenant-scoped) transaction. */
export const tablePersonKeyStore: PersonKeyStore<Tx> = {
  async byUser(tx, workspaceId, userId) {
    const r = await tx.personKey.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    return r && personKeyOf(r);
  },
  async byId(tx, workspaceId, id) {
    const r = await tx.personKey.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
    return r && personKeyOf(r);
  },
  async insert(tx, k) {
    const r = await tx.personKey.createMany({
      data: [{ ...k, wrapped: new Uint8Array(k.wrapped) }],
      skipDuplicates: true,
    });
    return r.count === 1;
  },
};

/**
 * The process's keyring over workspace_key, wrapped by the master key, and the blind-index keys
 * derived from it (never stored). Built once by the runtime.
 */
export class WorkspaceKeys implements KeyServices {
  readonly ring: Keyring<Tx>;
  private readonly searchKeys = new Map<string, Buffer>();

  constructor(master: Buffer, tenants: TenantRunner, rotateAfter: bigint) {
    this.ring = new Keyring(master, tableKeyStore(tenants), rotateAfter, tablePersonKeyStore);
  }

  /** The blind-index key when it was derived before (undefined otherwise). */
  cachedSearchKey(workspaceId: string, version: number): Buffer | undefined {
    return this.searchKeys.get(`${workspaceId}:${version}`);
  }

  /** The blind-index key of one key version of a workspace. */
  async searchKeyFor(tx: Tx, workspaceId: string, version: number): Promise<Buffer> {
    const id = `${workspaceId}:${version}`;
    let k = this.searchKeys.get(id);
    if (!k) {
      const dataKey = await this.ring.key(tx, workspaceId, version);
      k = searchKey(dataKey, workspaceId);
      // Only for a committed key (the keyring cached it): never one a rolled-back transaction made.
      if (this.ring.cachedKey(workspaceId, version) === dataKey) this.searchKeys.set(id, k);
    }
    return k;
  }
}
