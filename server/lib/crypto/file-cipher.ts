import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { AppError } from '../errors';

/**
 * File contents, encrypted in segments so that a ranged download decrypts only the segments it
 * touches and an upload streams through without being held in memory.
 *
 * Every file version has its own random key; content and thumbnail each use a subkey of it (HKDF),
 * so no two streams share a key. Segment i is AES-256-GCM of SEGMENT plaintext bytes (the last one
 * shorter, possibly empty) with a nonce made from i (unique within the stream's key, so nothing
 * random needs storing), and associated data that binds the stream's context (workspace and
 * version), i and whether it is the last segment: segments moved to another file, reordered,
 * dropped from the end or appended do not decrypt.
 * Stored layout: the segments one after another, each [ciphertext][tag 16 B]; no header.
 */
export const SEGMENT = 64 * 1024;
const TAG = 16;
const SEALED = SEGMENT + TAG;
const KEY_BYTES = 32;

/** What a stream of a file is; each has its own subkey. A union, not a string: a typo would derive a key nothing can decrypt with. */
export type StreamPurpose = 'content' | 'thumbnail';

export const newFileKey = (): Buffer => randomBytes(KEY_BYTES);

/** The key of one stream of a file (its content, its thumbnail) under the file's key. */
export function streamKey(fileKey: Buffer, purpose: StreamPurpose): Buffer {
  checkKey(fileKey);
  return Buffer.from(hkdfSync('sha256', fileKey, Buffer.alloc(0), `enclave/file/v1/${purpose}`, KEY_BYTES));
}

function checkKey(key: Buffer) {
  // Fail where the mistake is, not as an exception inside a stream callback.
  if (key.length !== KEY_BYTES) throw new RangeError('a file key is 32 bytes');
}

const nonceOf = (i: number) => {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(i), 0);
  return n;
};

/** Fixed-width fields, then the context: no two (context, index, last) encode to the same bytes. */
function aadOf(context: string, i: number, last: boolean) {
  const c = Buffer.from(context, 'utf8');
  const head = Buffer.alloc(4 + 8 + 1);
  head.writeUInt32BE(c.length, 0);
  head.writeBigUInt64BE(BigInt(i), 4);
  head.writeUInt8(last ? 1 : 0, 12);
  return Buffer.concat([Buffer.from('enclave/file-segment/v1'), head, c]);
}

function seal(key: Buffer, context: string, i: number, last: boolean, plain: Buffer) {
  const c = createCipheriv('aes-256-gcm', key, nonceOf(i));
  c.setAAD(aadOf(context, i, last));
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

// One message for every failure, as in aead.ts: which check failed is nobody's business outside the log.
const undecryptable = () => new AppError('INTERNAL', 'Stored data could not be decrypted');

function open(key: Buffer, context: string, i: number, last: boolean, sealed: Buffer) {
  if (sealed.length < TAG) throw undecryptable();
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonceOf(i));
    d.setAAD(aadOf(context, i, last));
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
  } catch {
    throw undecryptable();
  }
}

/** How many segments a plaintext of n bytes takes (an empty one still has its final segment). */
const segmentsOf = (n: number) => Math.max(1, Math.ceil(n / SEGMENT));

export const sealedSize = (plainSize: number): number => plainSize + segmentsOf(plainSize) * TAG;

/**
 * Chunks as they arrive, taken out again in pieces of a given size. Each byte is copied at most
 * once: concatenating on every chunk would be quadratic when chunks are small.
 */
class Chunks {
  private list: Buffer[] = [];
  length = 0;

  add(b: Buffer) {
    if (b.length === 0) return;
    this.list.push(b);
    this.length += b.length;
  }

  /** The next n bytes (n ≤ length). */
  take(n: number): Buffer {
    this.length -= n;
    const head = this.list[0];
    if (head && head.length >= n) {
      if (head.length === n) this.list.shift();
      else this.list[0] = head.subarray(n);
      return head.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const b = this.list[0]!;
      const k = Math.min(b.length, n - at);
      b.copy(out, at, 0, k);
      at += k;
      if (k === b.length) this.list.shift();
      else this.list[0] = b.subarray(k);
    }
    return out;
  }
}

/** Plaintext in, segments out; holds at most one segment beyond the chunk it was just given. */
export function encryptStream(key: Buffer, context: string): Transform {
  checkKey(key);
  const input = new Chunks();
  let i = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      input.add(chunk);
      // A full segment is sealed only once a byte beyond it has come: the last one must know it is last.
      while (input.length > SEGMENT) this.push(seal(key, context, i++, false, input.take(SEGMENT)));
      done();
    },
    flush(done) {
      this.push(seal(key, context, i, true, input.take(input.length)));
      done();
    },
  });
}

export interface DecryptPlan {
  /** The first stored byte to read. */
  cipherStart: number;
  /** The last stored byte to read (inclusive). */
  cipherEnd: number;
  /** Takes exactly the stored bytes cipherStart..cipherEnd; gives exactly the plaintext asked for. */
  stream: () => Transform;
}

/**
 * A read of plaintext bytes start..end (inclusive; the whole file without a range): which stored
 * bytes to fetch, and a Transform that takes exactly those and gives exactly the bytes asked for,
 * every segment authenticated before any of it is passed on. A failure, or stored bytes too few or
 * too many, destroys the stream.
 */
export function decryptRange(
  key: Buffer,
  context: string,
  plainSize: number,
  range?: { start: number; end: number },
): DecryptPlan {
  checkKey(key);
  if (!Number.isSafeInteger(plainSize) || plainSize < 0)
    throw new RangeError(`bad plaintext size ${plainSize}`);
  const start = range?.start ?? 0;
  const end = range?.end ?? plainSize - 1;
  const inside = Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end;
  // Callers answer an unsatisfiable Range themselves (416); reaching here with one is a bug.
  if (range && !(inside && end < plainSize))
    throw new RangeError(`bad range ${start}-${end} of ${plainSize}`);
  const total = segmentsOf(plainSize);
  const wanted = end - start + 1;
  const first = Math.floor(start / SEGMENT);
  const lastSeg = Math.floor(Math.max(end, 0) / SEGMENT);
  // Every segment is full but the file's last one.
  const sealedLength = (i: number) => Math.min(SEGMENT, plainSize - i * SEGMENT) + TAG;
  const cipherStart = first * SEALED;
  const cipherEnd = lastSeg * SEALED + sealedLength(lastSeg) - 1;
  return {
    cipherStart,
    cipherEnd,
    stream: () => {
      const input = new Chunks();
      let i = first;
      let skip = start - first * SEGMENT;
      let left = wanted;
      return new Transform({
        transform(chunk: Buffer, _enc, done) {
          input.add(chunk);
          try {
            while (i <= lastSeg && input.length >= sealedLength(i)) {
              const plain = open(key, context, i, i === total - 1, input.take(sealedLength(i)));
              i++;
              const part = plain.subarray(skip, skip + left);
              skip = 0;
              left -= part.length;
              if (part.length) this.push(part);
            }
            if (i > lastSeg && input.length > 0) throw undecryptable();
            done();
          } catch (err) {
            done(err as Error);
          }
        },
        flush(done) {
          // Fewer bytes than the plan: a file cut short, or a read that stopped early.
          done(i > lastSeg ? null : undecryptable());
        },
      });
    },
  };
}

/** A small thing (a thumbnail) in the same format, in memory. */
export function encryptBuffer(key: Buffer, context: string, plain: Buffer): Buffer {
  checkKey(key);
  const out: Buffer[] = [];
  const n = segmentsOf(plain.length);
  for (let i = 0; i < n; i++)
    out.push(seal(key, context, i, i === n - 1, plain.subarray(i * SEGMENT, (i + 1) * SEGMENT)));
  return Buffer.concat(out);
}

export function decryptBuffer(key: Buffer, context: string, sealed: Buffer): Buffer {
  checkKey(key);
  const n = Math.ceil(sealed.length / SEALED);
  const plainSize = sealed.length - n * TAG;
  // A length no plaintext seals to (empty, or a last segment shorter than its tag) is damage.
  if (n === 0 || plainSize < 0 || sealedSize(plainSize) !== sealed.length) throw undecryptable();
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++)
    out.push(open(key, context, i, i === n - 1, sealed.subarray(i * SEALED, (i + 1) * SEALED)));
  return Buffer.concat(out);
}
