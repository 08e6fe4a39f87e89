import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { blobStoreContract, chunked, failingAfter, newKey, readAll } from './contract';
import { s3Store, type S3Options } from './s3';

// s3rver is CommonJS without types; the little of it used here.
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (o: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rver;

const MB = 1024 * 1024;
const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-s3rver-'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: dir,
  configureBuckets: [{ name: 'enclave-files' }],
});
let options: S3Options;

beforeAll(async () => {
  const { port } = await server.run();
  options = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: 'enclave-files',
    // s3rver's built-in account: it checks the signatures.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// s3rver reads the range's end with `end || Infinity`, so `bytes=0-0` gets the whole object (S3
// itself gives one byte). Sealed files never end a read at byte 0: their smallest object is 16 bytes.
blobStoreContract('s3 (s3rver)', () => s3Store(options), { rangeEndingAtZero: false });

/** The commands the stores send from now on, by name (observed, still sent). */
function watchCommands() {
  const spy = vi.spyOn(S3Client.prototype, 'send');
  return () =>
    spy.mock.calls.map(([command]) => {
      const name = command.constructor.name.replace(/Command$/, '');
      const body = (command.input as { Body?: unknown }).Body;
      return Buffer.isBuffer(body) ? `${name} ${body.length}` : name;
    });
}

describe('s3 blob store', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends a large blob in parts as it streams in, and reads ranges across the parts', async () => {
    const store = s3Store(options);
    const data = randomBytes(17 * MB + 5);
    const key = newKey();
    const sent = watchCommands();
    expect(await store.put(key, chunked(data, [MB - 1, 3, 2 * MB]))).toEqual({ bytes: data.length });
    // 8 MB, 8 MB and the rest (S3 wants 5 MB or more in every part but the last).
    expect(sent()).toEqual([
      'CreateMultipartUpload',
      `UploadPart ${8 * MB}`,
      `UploadPart ${8 * MB}`,
      `UploadPart ${MB + 5}`,
      'CompleteMultipartUpload',
    ]);
    expect(await store.size(key)).toBe(data.length);
    expect((await readAll(await store.get(key))).equals(data)).toBe(true);
    for (const [start, end] of [
      [8 * MB - 2, 8 * MB + 1],
      [16 * MB - 1, 17 * MB + 4],
    ] as const)
      expect(
        (await readAll(await store.get(key, { start, end }))).equals(data.subarray(start, end + 1)),
      ).toBe(true);
  });

  it('leaves nothing under the key when a stream fails after parts went up', async () => {
    const store = s3Store(options);
    const key = newKey();
    const sent = watchCommands();
    await expect(store.put(key, failingAfter(9 * MB))).rejects.toThrow('the client went away');
    // s3rver has no AbortMultipartUpload (it answers 405 and keeps the part); S3 drops the parts.
    expect(sent()).toEqual(['CreateMultipartUpload', `UploadPart ${8 * MB}`, 'AbortMultipartUpload']);
    await expect(store.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.size(key)).toBeNull();
  });

  it('sends a blob of up to one part in one request, exactly the bytes', async () => {
    const store = s3Store(options);
    const key = newKey();
    const sent = watchCommands();
    await store.put(key, chunked(Buffer.from('hello stream'), [6]));
    expect(sent()).toEqual(['PutObject 12']);
    // Up to one whole part is one request too.
    await store.put(newKey(), chunked(Buffer.alloc(8 * MB), [3 * MB]));
    expect(sent()).toEqual(['PutObject 12', `PutObject ${8 * MB}`]);
    expect((await readAll(await store.get(key))).toString()).toBe('hello stream');
  });

  it('reports a missing bucket as an error, not as a missing file, and destroys the body', async () => {
    const store = s3Store({ ...options, bucket: 'no-such-bucket' });
    await expect(store.get(newKey())).rejects.toMatchObject({ name: 'NoSuchBucket' });
    const body = new PassThrough();
    // More than the store reads before it fails: the feed can only end by being cut off.
    const feeding = pipeline(Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(MB))), body);
    await expect(store.put(newKey(), body)).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(body.destroyed).toBe(true);
    await expect(feeding).rejects.toThrow();
  });
});
