import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Field encryption: AES-256-GCM, a fresh random 96-bit nonce per encryption, and associated data
 * that binds the ciphertext to its place (workspace, table, row, column) and key version, so a
 * ciphertext copied anywhere else does not decrypt.
 *
 * Layout: [format 1 B][key version 4 B][nonce 12 B][tag 16 B][ciphertext].
 *
 * Format 2 is encrypted under a person's own data key (person-keys.ts) instead of the workspace
 * key, so destroying that one key erases what the person wrote, backups included:
 * [2][workspace key version 4 B][person key id 16 B][nonce 12 B][tag 16 B][ciphertext].
 */
const FORMAT = 1;
export const PERSON_FORMAT = 2;
const HEADER = 1 + 4 + 12 + 16;
const PERSON_HEADER = HEADER + 16;

export interface Binding {
  workspaceId: string;
  table: string;
  rowId: string;
  column: string;
}

/** Length-prefixed fields: no two different bindings encode to the same bytes. */
function associatedData(b: Binding, keyVersion: number, personKeyId?: string): Buffer {
  const head = personKeyId === undefined ? ['enclave/field/v1'] : ['enclave/field/v2', personKeyId];
  const parts = [...head, b.workspaceId, b.table, b.rowId, b.column, String(keyVersion)].map((s) =>
    Buffer.from(s, 'utf8'),
  );
  const out: Buffer[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

export function encryptField(key: Buffer, keyVersion: number, binding: Binding, plaintext: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(binding, keyVersion));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const head = Buffer.alloc(5);
  head.writeUInt8(FORMAT, 0);
  head.writeUInt32BE(keyVersion, 1);
  return Buffer.concat([head, nonce, cipher.getAuthTag(), body]);
}

/** The format byte: FORMAT (workspace key) or PERSON_FORMAT. */
export function formatOf(blob: Buffer): number {
  const f = blob.length >= HEADER ? blob.readUInt8(0) : 0;
  if (f === FORMAT || (f === PERSON_FORMAT && blob.length >= PERSON_HEADER)) return f;
  throw undecryptable();
}

/** The workspace key version a ciphertext was made under (to pick the key before decrypting). */
export function keyVersionOf(blob: Buffer): number {
  formatOf(blob);
  return blob.readUInt32BE(1);
}

/** The id of the person key a format-2 ciphertext was made with. */
export function personKeyIdOf(blob: Buffer): string {
  if (formatOf(blob) !== PERSON_FORMAT) throw undecryptable();
  return uuidOf(blob.subarray(5, 21));
}

const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Format 2: under a person's key, naming that key and the workspace key version the row counts
 * as (rotation moves rows to the newest version; the person key itself is only re-wrapped).
 */
export function encryptPersonField(
  key: Buffer,
  personKeyId: string,
  keyVersion: number,
  binding: Binding,
  plaintext: string,
): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(binding, keyVersion, personKeyId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const head = Buffer.alloc(5);
  head.writeUInt8(PERSON_FORMAT, 0);
  head.writeUInt32BE(keyVersion, 1);
  const id = Buffer.from(personKeyId.replaceAll('-', ''), 'hex');
  return Buffer.concat([head, id, nonce, cipher.getAuthTag(), body]);
}

export function decryptPersonField(key: Buffer, binding: Binding, blob: Buffer): string {
  const id = personKeyIdOf(blob);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(21, 33));
    decipher.setAAD(associatedData(binding, blob.readUInt32BE(1), id));
    decipher.setAuthTag(blob.subarray(33, PERSON_HEADER));
    return Buffer.concat([decipher.update(blob.subarray(PERSON_HEADER)), decipher.final()]).toString('utf8');
  } catch {
    throw undecryptable();
  }
}

export function decryptField(key: Buffer, binding: Binding, blob: Buffer): string {
  if (formatOf(blob) !== FORMAT) throw undecryptable();
  const version = keyVersionOf(blob);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
    decipher.setAAD(associatedData(binding, version));
    decipher.setAuthTag(blob.subarray(17, HEADER));
    return Buffer.concat([decipher.update(blob.subarray(HEADER)), decipher.final()]).toString('utf8');
  } catch {
    throw undecryptable();
  }
}

// One message for every failure: which check failed is nobody's business outside the log.
const undecryptable = () => new AppError('INTERNAL', 'Stored data could not be decrypted');
