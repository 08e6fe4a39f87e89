import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import { decryptPersonField, encryptPersonField, personKeyIdOf, type Binding } from './aead';

/** A person's data key in one workspace as stored: wrapped by a version of the workspace key. */
export interface StoredPersonKey {
  workspaceId: string;
  id: string;
  userId: string;
  wrapped: Buffer;
  wrapVersion: number;
}

export interface PersonKeyStore<H> {
  byUser(h: H, workspaceId: string, userId: string): Promise<StoredPersonKey | null>;
  byId(h: H, workspaceId: string, id: string): Promise<StoredPersonKey | null>;
  /** Insert-on-conflict on (workspace, person): true when this call stored it. */
  insert(h: H, key: StoredPersonKey): Promise<boolean>;
}

/** What person keys need of the workspace keyring: its keys, and its rule on uncommitted handles. */
export interface WorkspaceKeySource<H> {
  current(h: H, workspaceId: string): Promise<{ version: number; key: Buffer }>;
  key(h: H, workspaceId: string, version: number): Promise<Buffer>;
  markInserting(h: H): void;
  uncommitted(h: H): boolean;
}

const wrapAad = (k: Pick<StoredPersonKey, 'workspaceId' | 'userId' | 'id' | 'wrapVersion'>) =>
  Buffer.from(`enclave/person-key/v1\n${k.workspaceId}\n${k.userId}\n${k.id}\n${k.wrapVersion}`);

function wrap(wsKey: Buffer, k: Omit<StoredPersonKey, 'wrapped'>, key: Buffer): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wsKey, nonce);
  c.setAAD(wrapAad(k));
  const body = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([nonce, c.getAuthTag(), body]);
}

function unwrap(wsKey: Buffer, k: StoredPersonKey): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', wsKey, k.wrapped.subarray(0, 12));
    d.setAAD(wrapAad(k));
    d.setAuthTag(k.wrapped.subarray(12, 28));
    return Buffer.concat([d.update(k.wrapped.subarray(28)), d.final()]);
  } catch {
    throw new AppError('INTERNAL', 'A person key could not be unwrapped');
  }
}

/** Thrown for text whose person key was destroyed: the person was erased. */
export class ShreddedError extends AppError {
  constructor() {
    super('GONE', 'This text was erased at its author’s request');
  }
}

/**
 * Per-person data keys, one per person and workspace, wrapped by the workspace key. What a person
 * writes is encrypted under their key, so erasing them is destroying one row (crypto-shredding:
 * copies in replicas and backups become unreadable with it). A rotation of the workspace key
 * re-wraps these keys; it never needs the texts for that. Unwrapped keys are cached like the
 * keyring's, with the same rule: nothing from a transaction that inserted a key.
 */
export class PersonKeys<H> {
  private readonly byUser = new Map<string, { id: string; key: Buffer }>();
  private readonly byId = new Map<string, Buffer>();
  /** Told when this process drops an erased person's key, so other nodes drop it too. */
  onShred: ((workspaceId: string, userId: string) => void) | null = null;

  constructor(
    private readonly ring: WorkspaceKeySource<H>,
    private readonly store: PersonKeyStore<H>,
  ) {}

  private async open(h: H, k: StoredPersonKey): Promise<Buffer> {
    const cached = this.byId.get(`${k.workspaceId}:${k.id}`);
    if (cached) return cached;
    const key = unwrap(await this.ring.key(h, k.workspaceId, k.wrapVersion), k);
    if (!this.ring.uncommitted(h)) {
      this.byId.set(`${k.workspaceId}:${k.id}`, key);
      this.byUser.set(`${k.workspaceId}:${k.userId}`, { id: k.id, key });
    }
    return key;
  }

  /** The person's key when this process has it, without a store read. */
  cached(workspaceId: string, userId: string): { id: string; key: Buffer } | undefined {
    return this.byUser.get(`${workspaceId}:${userId}`);
  }

  /** The person's key in the workspace, made on first use (insert-on-conflict: racers share one). */
  async of(h: H, workspaceId: string, userId: string): Promise<{ id: string; key: Buffer }> {
    const cached = this.cached(workspaceId, userId);
    if (cached) return cached;
    let row = await this.store.byUser(h, workspaceId, userId);
    if (!row) {
      const { version, key: wsKey } = await this.ring.current(h, workspaceId);
      const fresh = randomBytes(32);
      const k = { workspaceId, userId, id: randomUUID(), wrapVersion: version };
      this.ring.markInserting(h);
      if (await this.store.insert(h, { ...k, wrapped: wrap(wsKey, k, fresh) }))
        return { id: k.id, key: fresh };
      row = await this.store.byUser(h, workspaceId, userId);
      if (!row) throw new AppError('UNAVAILABLE', 'A person key could not be read; retry');
    }
    return { id: row.id, key: await this.open(h, row) };
  }

  async encrypt(h: H, binding: Binding, owner: string, plaintext: string): Promise<Buffer> {
    const { version } = await this.ring.current(h, binding.workspaceId);
    const { id, key } = await this.of(h, binding.workspaceId, owner);
    return encryptPersonField(key, id, version, binding, plaintext);
  }

  /** Decrypts format 2; a destroyed key throws ShreddedError. */
  async decrypt(h: H, binding: Binding, blob: Buffer): Promise<string> {
    const id = personKeyIdOf(blob);
    let key = this.byId.get(`${binding.workspaceId}:${id}`);
    if (!key) {
      const row = await this.store.byId(h, binding.workspaceId, id);
      if (!row) throw new ShreddedError();
      key = await this.open(h, row);
    }
    return decryptPersonField(key, binding, blob);
  }

  /** The stored key re-wrapped under another workspace key version (for a rotation). */
  async rewrap(h: H, k: StoredPersonKey, version: number): Promise<Buffer> {
    const key = unwrap(await this.ring.key(h, k.workspaceId, k.wrapVersion), k);
    return wrap(await this.ring.key(h, k.workspaceId, version), { ...k, wrapVersion: version }, key);
  }

  /** Drops a person's key from this process (its row was destroyed) and tells the other nodes. */
  shred(workspaceId: string, userId: string) {
    this.shredHeard(workspaceId, userId);
    this.onShred?.(workspaceId, userId);
  }

  shredHeard(workspaceId: string, userId: string) {
    const k = this.byUser.get(`${workspaceId}:${userId}`);
    this.byUser.delete(`${workspaceId}:${userId}`);
    // Every key cached by id is cached by its owner too (open() sets both).
    if (k) this.byId.delete(`${workspaceId}:${k.id}`);
  }
}

/** Person keys kept in memory: for tests. */
export class MemoryPersonKeyStore implements PersonKeyStore<unknown> {
  readonly rows: StoredPersonKey[] = [];
  byUser(_h: unknown, workspaceId: string, userId: string) {
    const r = this.rows.find((k) => k.workspaceId === workspaceId && k.userId === userId);
    return Promise.resolve(r ? { ...r } : null);
  }
  byId(_h: unknown, workspaceId: string, id: string) {
    const r = this.rows.find((k) => k.workspaceId === workspaceId && k.id === id);
    return Promise.resolve(r ? { ...r } : null);
  }
  insert(_h: unknown, key: StoredPersonKey) {
    if (this.rows.some((r) => r.workspaceId === key.workspaceId && r.userId === key.userId))
      return Promise.resolve(false);
    this.rows.push({ ...key });
    return Promise.resolve(true);
  }
}
