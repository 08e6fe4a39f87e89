import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { decryptField, encryptField, keyVersionOf, type Binding } from './aead';

/** A workspace data key as stored: wrapped (encrypted) by the master key, never in clear. */
export interface StoredKey {
  workspaceId: string;
  version: number;
  wrapped: Buffer;
  encryptions: bigint;
}

/** Where wrapped keys live (a table, in the messaging step; memory in tests). */
export interface KeyStore {
  list(workspaceId: string): Promise<StoredKey[]>;
  insert(key: StoredKey): Promise<void>;
  /** Adds to a key's encryption count; returns the new count. */
  count(workspaceId: string, version: number, n: number): Promise<bigint>;
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

/**
 * Per-workspace, versioned data keys wrapped by the master key. New encryptions use the newest
 * version; every older version still decrypts, so rotation needs no downtime. Unwrapped keys are
 * cached in memory for the life of the process.
 */
export class Keyring {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly master: Buffer,
    private readonly store: KeyStore,
    private readonly rotateAfter = ROTATE_AFTER,
  ) {
    if (master.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  private async keys(workspaceId: string) {
    const all = await this.store.list(workspaceId);
    return all.sort((a, b) => a.version - b.version);
  }

  private open(k: StoredKey): Buffer {
    const id = `${k.workspaceId}:${k.version}`;
    let key = this.cache.get(id);
    if (!key) {
      key = unwrap(this.master, k);
      this.cache.set(id, key);
    }
    return key;
  }

  /** The newest key of the workspace, created (version 1) on first use. */
  async current(workspaceId: string): Promise<{ version: number; key: Buffer; encryptions: bigint }> {
    const newest = (await this.keys(workspaceId)).at(-1);
    if (newest) return { version: newest.version, key: this.open(newest), encryptions: newest.encryptions };
    await this.rotate(workspaceId);
    return this.current(workspaceId);
  }

  async key(workspaceId: string, version: number): Promise<Buffer> {
    const k = (await this.keys(workspaceId)).find((x) => x.version === version);
    if (!k) throw new AppError('INTERNAL', `Workspace key version ${version} is missing`);
    return this.open(k);
  }

  /** Adds a new version; it is used for every encryption from now on. */
  async rotate(workspaceId: string): Promise<number> {
    const version = ((await this.keys(workspaceId)).at(-1)?.version ?? 0) + 1;
    const fresh = randomBytes(32);
    await this.store.insert({
      workspaceId,
      version,
      wrapped: wrap(this.master, workspaceId, version, fresh),
      encryptions: 0n,
    });
    return version;
  }

  async needsRotation(workspaceId: string): Promise<boolean> {
    return (await this.current(workspaceId)).encryptions >= this.rotateAfter;
  }

  async encrypt(binding: Binding, plaintext: string): Promise<Buffer> {
    const { version, key } = await this.current(binding.workspaceId);
    await this.store.count(binding.workspaceId, version, 1);
    return encryptField(key, version, binding, plaintext);
  }

  async decrypt(binding: Binding, blob: Buffer): Promise<string> {
    return decryptField(await this.key(binding.workspaceId, keyVersionOf(blob)), binding, blob);
  }
}

/** Keys kept in memory: for tests, and the shape a table-backed store follows. */
export class MemoryKeyStore implements KeyStore {
  private readonly rows: StoredKey[] = [];
  list(workspaceId: string) {
    return Promise.resolve(this.rows.filter((r) => r.workspaceId === workspaceId).map((r) => ({ ...r })));
  }
  insert(key: StoredKey) {
    if (this.rows.some((r) => r.workspaceId === key.workspaceId && r.version === key.version)) {
      return Promise.reject(new Error('duplicate key version'));
    }
    this.rows.push({ ...key });
    return Promise.resolve();
  }
  count(workspaceId: string, version: number, n: number) {
    const row = this.rows.find((r) => r.workspaceId === workspaceId && r.version === version);
    if (!row) return Promise.reject(new Error('no such key'));
    row.encryptions += BigInt(n);
    return Promise.resolve(row.encryptions);
  }
}
