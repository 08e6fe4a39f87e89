import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blobKey, type BlobStore } from './blob-store';

/**
 * What every BlobStore promises, as one suite that local.test.ts and s3.test.ts both run: a test
 * helper (it registers Vitest tests), not product code.
 */

const MB = 1024 * 1024;
const notFound = { name: 'AppError', code: 'NOT_FOUND', message: 'File not found' };

export const newKey = () => blobKey(randomUUID(), randomUUID(), 'content');

/** The buffer as a stream of chunks of the given sizes, taken in turn. */
export function chunked(b: Buffer, sizes = [64 * 1024]): Readable {
  const out: Buffer[] = [];
  for (let at = 0, n = 0; at < b.length; n++) {
    const k = Math.max(1, sizes[n % sizes.length] ?? 1);
    out.push(b.subarray(at, at + k));
    at += k;
  }
  return Readable.from(out, { objectMode: false });
}

export async function readAll(r: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of r) out.push(c as Buffer);
  return Buffer.concat(out);
}

/** A stream that gives `bytes` bytes, then fails (or, with no error, just stops: a client gone). */
export function failingAfter(bytes: number, err: Error | null = new Error('the client went away')): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        if (err) this.destroy(err);
        else this.destroy();
        return;
      }
      const n = Math.min(256 * 1024, bytes - sent);
      sent += n;
      this.push(randomBytes(n));
    },
  });
}

export interface ContractOptions {
  /** Whether `bytes=0-0` reads one byte (s3rver answers it with the whole object). */
  rangeEndingAtZero?: boolean;
}

export function blobStoreContract(name: string, open: () => BlobStore, opts: ContractOptions = {}) {
  describe(`${name}: the BlobStore contract`, () => {
    it('round-trips 0 B, 1 B and 3 MB, and knows their sizes', async () => {
      const store = open();
      for (const [n, sizes] of [
        [0, [1]],
        [1, [1]],
        [3 * MB, [1, 65_535, 1_000_000, 7]],
      ] as const) {
        const data = randomBytes(n);
        const key = newKey();
        expect(await store.put(key, chunked(data, [...sizes]))).toEqual({ bytes: n });
        expect(await store.size(key)).toBe(n);
        expect((await readAll(await store.get(key))).equals(data), `${n} B`).toBe(true);
      }
    });

    it('reads ranges: single bytes, the whole object, across chunks, an end past the object', async () => {
      const store = open();
      const n = 3 * MB;
      const data = randomBytes(n);
      const key = newKey();
      await store.put(key, chunked(data, [1_000_003]));
      const ranges = [
        ...(opts.rangeEndingAtZero === false ? [] : [[0, 0]]),
        [1, 1],
        [n - 1, n - 1],
        [0, n - 1],
        [999_999, 2_000_010],
        [n - 10, n + 1000],
      ];
      for (const [start = 0, end = 0] of ranges) {
        const got = await readAll(await store.get(key, { start, end }));
        expect(got.equals(data.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
      await expect(store.get(key, { start: n, end: n + 5 })).rejects.toThrow(RangeError);
      await expect(store.get(key, { start: 5, end: 4 })).rejects.toThrow(RangeError);
      await expect(store.get(key, { start: -1, end: 4 })).rejects.toThrow(RangeError);
    });

    it('answers NOT_FOUND for a missing object, with or without a range, and a size of null', async () => {
      const store = open();
      const key = newKey();
      await expect(store.get(key)).rejects.toMatchObject(notFound);
      await expect(store.get(key, { start: 0, end: 10 })).rejects.toMatchObject(notFound);
      expect(await store.size(key)).toBeNull();
    });

    it('deletes idempotently', async () => {
      const store = open();
      const key = newKey();
      const other = newKey();
      await store.put(key, chunked(randomBytes(1000)));
      await store.put(other, chunked(Buffer.from('stays')));
      await store.delete(key);
      await store.delete(key);
      await store.delete(newKey());
      await expect(store.get(key)).rejects.toMatchObject(notFound);
      expect(await store.size(key)).toBeNull();
      expect((await readAll(await store.get(other))).toString()).toBe('stays');
    });

    it('shows nothing under the key while a put is still streaming', async () => {
      const store = open();
      const key = newKey();
      const body = new Readable({ read() {} });
      body.push(randomBytes(MB));
      const put = store.put(key, body);
      await new Promise((r) => setTimeout(r, 100));
      expect(await store.size(key)).toBeNull();
      await expect(store.get(key)).rejects.toMatchObject(notFound);
      body.push(null);
      expect(await put).toEqual({ bytes: MB });
      expect(await store.size(key)).toBe(MB);
    });

    it('leaves nothing behind when the stream fails half-way, or just stops', async () => {
      const store = open();
      for (const err of [new Error('the client went away'), null]) {
        const key = newKey();
        await expect(store.put(key, failingAfter(1.5 * MB, err))).rejects.toThrow();
        await expect(store.get(key)).rejects.toMatchObject(notFound);
        expect(await store.size(key)).toBeNull();
      }
      // Nor does a failed put touch what was there before it.
      const key = newKey();
      await store.put(key, chunked(Buffer.from('before')));
      await expect(store.put(key, failingAfter(MB))).rejects.toThrow('the client went away');
      expect((await readAll(await store.get(key))).toString()).toBe('before');
    });

    it('takes only keys that blobKey makes', async () => {
      const store = open();
      expect(blobKey('0f8e3c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6', 'v-1', 'thumb')).toBe(
        '0f8e3c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6/v-1/thumb',
      );
      const bad = [
        [],
        [''],
        ['..'],
        ['.'],
        ['a/b'],
        ['/etc'],
        ['A'],
        ['-a'],
        ['a_b'],
        ['a.b'],
        ['a'.repeat(65)],
      ];
      for (const parts of bad)
        expect(() => blobKey(...parts), JSON.stringify(parts)).toThrow('not a blob key');
      expect(blobKey('a'.repeat(64))).toBe('a'.repeat(64));
      // The stores check again: a key from anywhere else is refused before anything is touched.
      for (const key of ['../escape', 'a/../../b', '/etc/passwd', 'a//b', '', 'A/b']) {
        const body = chunked(Buffer.from('x'));
        await expect(store.put(key, body), key).rejects.toThrow('not a blob key');
        expect(body.destroyed, key).toBe(true);
        await expect(store.get(key), key).rejects.toThrow('not a blob key');
        await expect(store.size(key), key).rejects.toThrow('not a blob key');
        await expect(store.delete(key), key).rejects.toThrow('not a blob key');
      }
    });
  });
}
