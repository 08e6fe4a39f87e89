import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Field encryption: AES-256-GCM, a fresh random 96-bit nonce per encryption, and associated data
 * that binds the ciphertext to its place (workspace, table, row, column) and key version, so a
 * ciphertext copied anywhere else does not decrypt.
 *
 * Layout: [format 1 B][key version 4 B][nonce 12 B][tag 16 B][ciphertext].
 */
const FORMAT = 1;
const HEADER = 1 + 4 + 12 + 16;

export interface Binding {
  workspaceId: string;
  table: string;
  rowId: string;
  column: string;
}

/** Length-prefixed fields: no two different bindings encode to the same bytes. */
function associatedData(b: Binding, keyVersion: number): Buffer {
  const parts = ['enclave/field/v1', b.workspaceId, b.table, b.rowId, b.column, String(keyVersion)].map((s) =>
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

/** The key version a ciphertext was made with (to pick the key before decrypting). */
export function keyVersionOf(blob: Buffer): number {
  if (blob.length < HEADER || blob.readUInt8(0) !== FORMAT) throw undecryptable();
  return blob.readUInt32BE(1);
}

export function decryptField(key: Buffer, binding: Binding, blob: Buffer): string {
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
