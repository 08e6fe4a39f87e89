import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { decryptField, encryptField, formatOf, keyVersionOf, PERSON_FORMAT, type Binding } from './aead';
import { PersonKeys, type PersonKeyStore } from './person-keys';

/** A workspace data key as stored: wrapped (encrypted) by the master key, never in clear. */
export interface StoredKey {
  workspaceId: string;
  version: number;
  wrapped: Buffer;
  encryptions: bigint;
}

/**
 * Where wrapped keys live. `H` is the caller's handle (its transaction), so a key read never waits
 * for a second pooled connection while the caller holds one.
 */
export interface KeyStore<H> {
  list(h: H, workspaceId: string): Promise<StoredKey[]>;
  /**
   * Stores a new version unless that version exists already (insert-on-conflict, so concurrent
   * first uses or rotations cannot fail on the unique key); true when this call stored it.
   */
  insert(h: H, key: StoredKey): Promise<boolean>;
  /**
   * Adds to encryption counts, outside any caller's transaction; returns the new totals (null for
   * a version that no longer exists, whose counts are dropped).
   */
  addCounts(counts: { workspaceId: string; version: number; n: number }[]): Promise<(bigint | null)[]>;
}

/**
 * AES-GCM with random 96-bit nonces stays safe for about 2^32 encryptions per key; rotate well
 * before that.
 */
export const ROTATE_AFTER = 2n ** 31n;

const wrapAad = (workspaceId: string, version: number) =>
  Buffer.from(`enclave/key/v1\n${workspaceId}\n${version}`);

function wrap(master: Buffer, workspaceId: string, version: number, key: Buffer): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master, nonce);
  c.setAAD(wrapAad(workspaceId, version));
  const body = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([nonce, c.getAuthTag(), body]);
}

function unwrap(master: Buffer, k: StoredKey): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', master, k.wrapped.subarray(0, 12));
    d.setAAD(wrapAad(k.workspaceId, k.version));
    d.setAuthTag(k.wrapped.subarray(12, 28));
    return Buffer.concat([d.update(k.wrapped.subarray(28)), d.final()]);
  } catch {
    throw new AppError('INTERNAL', 'A workspace key could not be unwrapped (wrong master key?)');
  }
}

/** Encryptions counted in memory are written to the store at this many (and on flush()). */
const FLUSH_AT = 1000;

/**
 * Per-workspace, versioned data keys wrapped by the master key. New encryptions use the newest
 * version; every older version still decrypts, so rotation needs no downtime. Unwrapped keys are
 * cached for the life of the process. Encryption counts are kept in memory and written in bulk: a
 * crash loses at most FLUSH_AT per key, nothing next to the 2^31 margin below the GCM limit.
 *
 * Nothing is cached from a transaction that inserted a key: if it rolled back, a cached key would
 * encrypt rows under a version that no store holds (unreadable after a restart). Such a handle's
 * reads are served without caching; the next transaction caches what has committed. After a
 * committed rotation the caller calls forget(), so the newest version is read again.
 */
export class Keyring<H> {
  private readonly unwrapped = new Map<string, Buffer>();
  private readonly newest = new Map<string, { version: number; encryptions: bigint }>();
  private readonly pending = new Map<string, { workspaceId: string; version: number; n: number }>();
  /** Handles (transactions) that inserted a key: their reads are not cached. */
  private readonly inserting = new WeakSet<object>();
  private flushing: Promise<void> = Promise.resolve();

  /** Told when this process forgets a workspace's newest key, so other nodes can forget it too. */
  onForget: ((workspaceId: string) => void) | null = null;
  /** Per-person keys under these workspace keys (null: this keyring has none, format 2 fails). */
  readonly persons: PersonKeys<H> | null;

  constructor(
    private readonly master: Buffer,
    private readonly store: KeyStore<H>,
    private readonly rotateAfter = ROTATE_AFTER,
    personStore?: PersonKeyStore<H>,
  ) {
    if (master.length !== 32) throw new Error('the master key must be 32 bytes');
    this.persons = personStore ? new PersonKeys(this, personStore) : null;
  }

  /** Whether `h` is a transaction that inserted a key (a handle that is not an object commits at once). */
  uncommitted(h: H): boolean {
    return typeof h === 'object' && h !== null && this.inserting.has(h);
  }

  /** Marks `h` as a transaction that inserted a key (a person key too): its reads are not cached. */
  markInserting(h: H) {
    if (typeof h === 'object' && h !== null) this.inserting.add(h);
  }

  /** The stored versions, oldest first; cached unless this handle inserted a key. */
  private async load(h: H, workspaceId: string): Promise<StoredKey[]> {
    const all = (await this.store.list(h, workspaceId)).sort((a, b) => a.version - b.version);
    if (this.uncommitted(h)) return all;
    for (const k of all) this.open(h, k);
    const top = all.at(-1);
    if (top) this.newest.set(workspaceId, { version: top.version, encryptions: top.encryptions });
    return all;
  }

  /** Unwraps a stored key, caching it unless it was read by a handle that inserted a key. */
  private open(h: H, k: StoredKey): Buffer {
    const id = `${k.workspaceId}:${k.version}`;
    let key = this.unwrapped.get(id);
    if (!key) {
      key = unwrap(this.master, k);
      if (!this.uncommitted(h)) this.unwrapped.set(id, key);
    }
    return key;
  }

  /** Inserts a fresh version; returns its key when this call stored it, null when it existed. */
  private async insert(h: H, workspaceId: string, version: number): Promise<Buffer | null> {
    const fresh = randomBytes(32);
    const wrapped = wrap(this.master, workspaceId, version, fresh);
    const stored = { workspaceId, version, wrapped, encryptions: 0n };
    this.markInserting(h);
    return (await this.store.insert(h, stored)) ? fresh : null;
  }

  /** The newest key when it is already loaded, without a store read (undefined otherwise). */
  cachedCurrent(workspaceId: string): { version: number; key: Buffer } | undefined {
    const top = this.newest.get(workspaceId);
    const key = top && this.unwrapped.get(`${workspaceId}:${top.version}`);
    return top && key ? { version: top.version, key } : undefined;
  }

  /** A version's key if it is cached (committed and loaded), else undefined. */
  cachedKey(workspaceId: string, version: number): Buffer | undefined {
    return this.unwrapped.get(`${workspaceId}:${version}`);
  }

  /**
   * The newest key of the workspace. Workspaces get version 1 when they are created (ensureFirst);
   * one that has none gets it here, insert-on-conflict, so concurrent first uses share one key.
   */
  async current(h: H, workspaceId: string): Promise<{ version: number; key: Buffer }> {
    const cached = this.cachedCurrent(workspaceId);
    if (cached) return cached;
    let top = (await this.load(h, workspaceId)).at(-1);
    if (!top) {
      const mine = await this.insert(h, workspaceId, 1);
      if (mine && this.uncommitted(h)) return { version: 1, key: mine };
      // Another transaction stored it first (the insert waited for it to commit).
      top = (await this.load(h, workspaceId)).at(-1);
      if (!top) throw new AppError('UNAVAILABLE', 'The workspace key could not be read; retry');
    }
    return { version: top.version, key: this.open(h, top) };
  }

  /** Stores version 1 if the workspace has no key yet (in the workspace's creating transaction). */
  async ensureFirst(h: H, workspaceId: string): Promise<void> {
    await this.insert(h, workspaceId, 1);
  }

  /** Every version the workspace has, oldest first (search must look under each). */
  async versions(h: H, workspaceId: string): Promise<number[]> {
    await this.current(h, workspaceId);
    const prefix = `${workspaceId}:`;
    const cached = [...this.unwrapped.keys()]
      .filter((id) => id.startsWith(prefix))
      .map((id) => Number(id.slice(prefix.length)));
    if (cached.length > 0 && !this.uncommitted(h)) return cached.sort((a, b) => a - b);
    return (await this.store.list(h, workspaceId)).map((k) => k.version).sort((a, b) => a - b);
  }

  async key(h: H, workspaceId: string, version: number): Promise<Buffer> {
    const cached = this.unwrapped.get(`${workspaceId}:${version}`);
    if (cached) return cached;
    // Another process may have rotated: read the store again before giving up.
    const found = (await this.load(h, workspaceId)).find((k) => k.version === version);
    if (!found) throw new AppError('INTERNAL', `Workspace key version ${version} is missing`);
    return this.open(h, found);
  }

  /**
   * Adds the next version in the caller's transaction and returns it, or null when another
   * transaction added that version first. Nothing is cached: call forget() once it has committed.
   */
  async rotate(h: H, workspaceId: string): Promise<number | null> {
    const all = await this.store.list(h, workspaceId);
    const version = Math.max(0, ...all.map((k) => k.version)) + 1;
    if (!(await this.insert(h, workspaceId, version))) return null;
    // A store without transactions (memory) has committed already.
    if (!this.uncommitted(h)) this.forget(workspaceId);
    return version;
  }

  /** Drops the cached newest version of a workspace (after a rotation commits): it is read again. */
  forget(workspaceId: string) {
    this.newest.delete(workspaceId);
    this.onForget?.(workspaceId);
  }

  /** forget() on another node's word: the same, without telling anyone. */
  forgetHeard(workspaceId: string) {
    this.newest.delete(workspaceId);
  }

  /** Records n encryptions under a version; true once the key has done enough to be rotated. */
  count(workspaceId: string, version: number, n: number): boolean {
    const id = `${workspaceId}:${version}`;
    const p = this.pending.get(id) ?? { workspaceId, version, n: 0 };
    p.n += n;
    this.pending.set(id, p);
    const top = this.newest.get(workspaceId);
    if (top?.version === version) top.encryptions += BigInt(n);
    if (p.n >= FLUSH_AT) void this.flush();
    return (top?.encryptions ?? 0n) >= this.rotateAfter;
  }

  /** Writes counted encryptions to the store. */
  flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.store.addCounts(batch))
      .then((totals) => {
        batch.forEach((b, i) => {
          const top = this.newest.get(b.workspaceId);
          const total = totals[i];
          if (top?.version === b.version && typeof total === 'bigint' && total > top.encryptions)
            top.encryptions = total;
        });
      })
      .catch(() => {
        // Put the counts back; the next flush tries again.
        for (const b of batch) this.count(b.workspaceId, b.version, b.n);
      });
    return this.flushing;
  }

  async needsRotation(h: H, workspaceId: string): Promise<boolean> {
    await this.current(h, workspaceId);
    return (this.newest.get(workspaceId)?.encryptions ?? 0n) >= this.rotateAfter;
  }

  /**
   * Encrypts under the workspace key, or under `owner`'s person key when given (what a person
   * writes, so that erasing them can destroy it).
   */
  async encrypt(h: H, binding: Binding, plaintext: string, owner?: string | null): Promise<Buffer> {
    if (owner && this.persons) return this.persons.encrypt(h, binding, owner, plaintext);
    const { version, key } = await this.current(h, binding.workspaceId);
    this.count(binding.workspaceId, version, 1);
    return encryptField(key, version, binding, plaintext);
  }

  async decrypt(h: H, binding: Binding, blob: Buffer): Promise<string> {
    if (formatOf(blob) === PERSON_FORMAT) {
      if (!this.persons) throw new AppError('INTERNAL', 'Stored data could not be decrypted');
      return this.persons.decrypt(h, binding, blob);
    }
    return decryptField(await this.key(h, binding.workspaceId, keyVersionOf(blob)), binding, blob);
  }
}

/** Keys kept in memory: for tests, and the shape the table-backed store follows. */
export class MemoryKeyStore implements KeyStore<unknown> {
  private readonly rows: StoredKey[] = [];
  list(_h: unknown, workspaceId: string) {
    return Promise.resolve(this.rows.filter((r) => r.workspaceId === workspaceId).map((r) => ({ ...r })));
  }
  insert(_h: unknown, key: StoredKey) {
    if (this.rows.some((r) => r.workspaceId === key.workspaceId && r.version === key.version)) {
      return Promise.resolve(false);
    }
    this.rows.push({ ...key });
    return Promise.resolve(true);
  }
  addCounts(counts: { workspaceId: string; version: number; n: number }[]) {
    return Promise.resolve(
      counts.map((c) => {
        const row = this.rows.find((r) => r.workspaceId === c.workspaceId && r.version === c.version);
        if (!row) return null;
        row.encryptions += BigInt(c.n);
        return row.encryptions;
      }),
    );
  }
}
