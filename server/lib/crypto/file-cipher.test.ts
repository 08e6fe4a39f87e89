import { randomBytes } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptBuffer,
  decryptRange,
  encryptBuffer,
  encryptStream,
  newFileKey,
  SEGMENT,
  sealedSize,
  streamKey,
} from './file-cipher';

const TAG = 16;
const SEALED = SEGMENT + TAG;
const SIZES = [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17];
const fileKey = newFileKey();
const key = streamKey(fileKey, 'content');
const context = 'ws-7c1e/version-42aa';
const undecryptable = { name: 'AppError', code: 'INTERNAL', message: 'Stored data could not be decrypted' };

/** The buffer cut into pieces of the given sizes, taken in turn (zero-length pieces included). */
function cut(b: Buffer, sizes: number[]): Buffer[] {
  if (!sizes.some((k) => k > 0)) sizes = [...sizes, 1];
  const out: Buffer[] = [];
  for (let at = 0, n = 0; at < b.length; n++) {
    const k = sizes[n % sizes.length] ?? 1;
    out.push(b.subarray(at, at + k));
    at += k;
  }
  return out;
}

async function through(t: Transform, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), t, async (src: AsyncIterable<Buffer>) => {
    for await (const c of src) out.push(c);
  });
  return Buffer.concat(out);
}

const encrypt = (plain: Buffer, sizes = [plain.length || 1]) =>
  through(encryptStream(key, context), cut(plain, sizes));

/** The whole file (or a range) read back through decryptRange, from the stored bytes it asks for. */
async function read(
  sealed: Buffer,
  plainSize: number,
  range?: { start: number; end: number },
  sizes = [4096],
  opts: { key?: Buffer; context?: string } = {},
) {
  const plan = decryptRange(opts.key ?? key, opts.context ?? context, plainSize, range);
  return through(plan.stream(), cut(sealed.subarray(plan.cipherStart, plan.cipherEnd + 1), sizes));
}

// Chunk sizes taken in turn: tiny and empty ones among large ones, so that chunks end anywhere
// in a segment or its tag (one large size in each cycle keeps a run quick).
const chunkSizes = fc
  .tuple(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 * SEGMENT })), {
      maxLength: 6,
    }),
    fc.integer({ min: 1000, max: 3 * SEGMENT }),
  )
  .map(([sizes, large]) => [...sizes, large]);

const segment = (sealed: Buffer, i: number) => sealed.subarray(i * SEALED, (i + 1) * SEALED);

describe('segmented file encryption', () => {
  it('round-trips every size, fed in chunks of any size, and matches sealedSize', async () => {
    for (const size of SIZES) {
      const plain = randomBytes(size);
      const whole = encryptBuffer(key, context, plain);
      expect(whole.length, `size ${size}`).toBe(sealedSize(size));
      await fc.assert(
        fc.asyncProperty(chunkSizes, chunkSizes, async (inSizes, outSizes) => {
          // The nonce comes from the index, so streaming and in-memory encryption agree byte for byte.
          const sealed = await encrypt(plain, inSizes);
          expect(sealed.equals(whole)).toBe(true);
          expect((await read(sealed, size, undefined, outSizes)).equals(plain)).toBe(true);
        }),
        { numRuns: 15 },
      );
      expect(decryptBuffer(key, context, whole).equals(plain), `size ${size}`).toBe(true);
    }
    // One byte at a time, both ways.
    const plain = randomBytes(SEGMENT + 1);
    const sealed = await encrypt(plain, [1]);
    expect(sealed.equals(encryptBuffer(key, context, plain))).toBe(true);
    expect((await read(sealed, plain.length, undefined, [1])).equals(plain)).toBe(true);
    expect([0, 1, SEGMENT, SEGMENT + 1].map(sealedSize)).toEqual([16, 17, SEALED, SEGMENT + 1 + 2 * TAG]);
  });

  it('seals an empty file as one empty final segment', async () => {
    const sealed = await encrypt(Buffer.alloc(0), []);
    expect(sealed.length).toBe(TAG);
    expect((await read(sealed, 0)).length).toBe(0);
    await expect(read(Buffer.alloc(0), 0)).rejects.toMatchObject(undecryptable);
    expect(() => decryptBuffer(key, context, Buffer.alloc(0))).toThrow('could not be decrypted');
  });

  it('passes a segment on as soon as the next one has begun, holding no more than one', () => {
    const t = encryptStream(key, context);
    t.write(Buffer.alloc(SEGMENT));
    expect(t.read()).toBeNull(); // it might be the last one
    t.write(Buffer.alloc(1));
    expect((t.read() as Buffer).length).toBe(SEALED);
    t.write(Buffer.alloc(3 * SEGMENT));
    expect((t.read() as Buffer).length).toBe(3 * SEALED);
  });

  it('gives exactly the bytes of any range, reading only the segments it touches', async () => {
    const size = 3 * SEGMENT + 17;
    const plain = randomBytes(size);
    const sealed = encryptBuffer(key, context, plain);
    // Positions at and around segment boundaries, and anywhere.
    const near = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2, max: 2 }))
        .map(([k, d]) => k * SEGMENT + d),
      fc.integer({ min: 0, max: size - 1 }),
      fc.constantFrom(0, size - 1),
    );
    const range = fc
      .tuple(near, near)
      .map(([a, b]) => [a, b].map((x) => Math.min(Math.max(x, 0), size - 1)).sort((x, y) => x - y))
      .map(([start = 0, end = 0]) => ({ start, end }));
    await fc.assert(
      fc.asyncProperty(range, chunkSizes, async (r, sizes) => {
        const plan = decryptRange(key, context, size, r);
        expect(plan.cipherStart).toBe(Math.floor(r.start / SEGMENT) * SEALED);
        expect(plan.cipherEnd).toBe(Math.min((Math.floor(r.end / SEGMENT) + 1) * SEALED, sealed.length) - 1);
        const got = await read(sealed, size, r, sizes);
        expect(got.equals(plain.subarray(r.start, r.end + 1))).toBe(true);
      }),
      { numRuns: 300 },
    );
    const named = [
      [0, 0],
      [SEGMENT - 1, SEGMENT],
      [SEGMENT, SEGMENT],
      [SEGMENT + 1, 2 * SEGMENT - 1],
      [size - 1, size - 1],
      [0, size - 1],
    ];
    for (const [start = 0, end = 0] of named)
      expect((await read(sealed, size, { start, end })).equals(plain.subarray(start, end + 1))).toBe(true);
    // Ranges of the smallest files: one byte, the last byte.
    expect(
      (await read(encryptBuffer(key, context, Buffer.from('x')), 1, { start: 0, end: 0 })).toString(),
    ).toBe('x');
  });

  it('refuses ranges outside the file, and keys that are not 32 bytes', () => {
    for (const r of [
      { start: 0, end: 10 },
      { start: 5, end: 4 },
      { start: -1, end: 3 },
      { start: 0.5, end: 3 },
    ])
      expect(() => decryptRange(key, context, 10, r), JSON.stringify(r)).toThrow(RangeError);
    expect(() => decryptRange(key, context, 0, { start: 0, end: 0 })).toThrow(RangeError);
    expect(() => encryptStream(randomBytes(16), context)).toThrow(RangeError);
    expect(() => streamKey(randomBytes(31), 'content')).toThrow(RangeError);
  });

  it('detects a changed byte anywhere: ciphertext, tag, first or last segment', async () => {
    const size = 3 * SEGMENT + 17;
    const plain = randomBytes(size);
    const sealed = encryptBuffer(key, context, plain);
    for (const at of [0, SEGMENT - 1, SEGMENT, SEALED - 1, SEALED, 2 * SEALED + 100, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      await expect(read(bad, size), `byte ${at}`).rejects.toMatchObject(undecryptable);
      expect(() => decryptBuffer(key, context, bad), `byte ${at}`).toThrow('could not be decrypted');
    }
    // A change in segment 2 does not hide segment 0, which still reads.
    const bad = Buffer.from(sealed);
    bad[2 * SEALED + 100] = (bad[2 * SEALED + 100] ?? 0) ^ 0x01;
    expect((await read(bad, size, { start: 0, end: 99 })).equals(plain.subarray(0, 100))).toBe(true);
    await expect(read(bad, size, { start: 2 * SEGMENT, end: 2 * SEGMENT })).rejects.toMatchObject(
      undecryptable,
    );
  });

  it('detects a file cut short at a segment boundary, whatever size it claims', async () => {
    const size = 3 * SEGMENT + 17;
    const sealed = encryptBuffer(key, context, randomBytes(size));
    const cutShort = sealed.subarray(0, 3 * SEALED);
    // The size recorded, the bytes missing.
    await expect(read(cutShort, size)).rejects.toMatchObject(undecryptable);
    // A size that agrees with what is left: its last segment was not sealed as the last.
    await expect(read(cutShort, 3 * SEGMENT)).rejects.toMatchObject(undecryptable);
    await expect(
      read(cutShort, 3 * SEGMENT, { start: 2 * SEGMENT, end: 2 * SEGMENT + 5 }),
    ).rejects.toMatchObject(undecryptable);
    expect(() => decryptBuffer(key, context, cutShort)).toThrow('could not be decrypted');
    // A whole segment short of the stored bytes, which is no segment at all.
    expect(() => decryptBuffer(key, context, sealed.subarray(0, sealed.length - 5))).toThrow(
      'could not be decrypted',
    );
  });

  it('detects appended data, and a final segment read as a middle one', async () => {
    const short = randomBytes(2 * SEGMENT);
    const long = Buffer.concat([short, randomBytes(SEGMENT)]);
    const a = encryptBuffer(key, context, short);
    const b = encryptBuffer(key, context, long);
    // a's segments then b's third: every segment is genuine, but a's second says it is the last.
    const extended = Buffer.concat([a, segment(b, 2)]);
    await expect(read(extended, long.length)).rejects.toMatchObject(undecryptable);
    expect(() => decryptBuffer(key, context, extended)).toThrow('could not be decrypted');
    // Bytes beyond those the plan asked for.
    const plan = decryptRange(key, context, short.length);
    await expect(through(plan.stream(), [a, Buffer.from('x')])).rejects.toMatchObject(undecryptable);
    expect(() => decryptBuffer(key, context, Buffer.concat([a, randomBytes(TAG)]))).toThrow(
      'could not be decrypted',
    );
  });

  it('detects swapped segments, even of identical plaintext', async () => {
    const plain = Buffer.alloc(3 * SEGMENT + 17, 7);
    const sealed = encryptBuffer(key, context, plain);
    // Identical plaintext segments seal differently: the nonce moves with the index.
    // Compared without their tags: a repeated nonce would repeat the keystream, which the tags hide.
    const body = (i: number) => segment(sealed, i).subarray(0, SEGMENT);
    expect(body(0).equals(body(1))).toBe(false);
    const swapped = Buffer.concat([segment(sealed, 1), segment(sealed, 0), sealed.subarray(2 * SEALED)]);
    await expect(read(swapped, plain.length)).rejects.toMatchObject(undecryptable);
    await expect(read(swapped, plain.length, { start: 0, end: 0 })).rejects.toMatchObject(undecryptable);
    expect(() => decryptBuffer(key, context, swapped)).toThrow('could not be decrypted');
  });

  it('binds the context and the key: another file, workspace or stream does not decrypt', async () => {
    const plain = randomBytes(SEGMENT + 5);
    const sealed = encryptBuffer(key, context, plain);
    for (const other of ['ws-7c1e/version-42ab', 'ws-7c1f/version-42aa', '', `${context} `]) {
      await expect(
        read(sealed, plain.length, undefined, undefined, { context: other }),
      ).rejects.toMatchObject(undecryptable);
      expect(() => decryptBuffer(key, other, sealed)).toThrow('could not be decrypted');
    }
    const thumbKey = streamKey(fileKey, 'thumbnail');
    expect(thumbKey.equals(key)).toBe(false);
    expect(streamKey(fileKey, 'content').equals(key)).toBe(true);
    for (const other of [thumbKey, streamKey(newFileKey(), 'content'), fileKey]) {
      await expect(read(sealed, plain.length, undefined, undefined, { key: other })).rejects.toMatchObject(
        undecryptable,
      );
      expect(() => decryptBuffer(other, context, sealed)).toThrow('could not be decrypted');
    }
  });

  it('never shows the plaintext', () => {
    const canary = Buffer.from('CANARY-7f3a9c-the-plan '.repeat(5000));
    const sealed = encryptBuffer(key, context, canary);
    expect(sealed.toString('latin1')).not.toContain('CANARY');
  });
});
