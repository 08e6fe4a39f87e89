import { mkdtempSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { blobStoreContract, chunked, failingAfter, newKey, readAll } from './contract';
import { localStore } from './local';

// Removed after all, so that a failing test leaves none behind either.
const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-blobs-'));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));
const root = tempDir();

blobStoreContract('local', () => localStore(root));

/** Every file under dir, relative to it. */
const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe('local blob store', () => {
  it('keeps blobs private to the server: files 0600, folders 0700, under the root', async () => {
    const dir = tempDir();
    const store = localStore(path.join(dir, 'files'));
    const key = newKey();
    await store.put(key, chunked(Buffer.from('secret')));
    const [ws = '', version = ''] = key.split('/');
    expect(await filesUnder(dir)).toEqual([path.join('files', key)]);
    expect((await stat(path.join(dir, 'files', key))).mode & 0o777).toBe(0o600);
    for (const folder of ['files', path.join('files', ws), path.join('files', ws, version)])
      expect((await stat(path.join(dir, folder))).mode & 0o777, folder).toBe(0o700);
  });

  it('removes its temporary file when a put fails', async () => {
    const dir = tempDir();
    const store = localStore(dir);
    const key = newKey();
    await expect(store.put(key, failingAfter(3 * 1024 * 1024))).rejects.toThrow('the client went away');
    await expect(store.put(key, failingAfter(0, null))).rejects.toThrow();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('destroys the body when the disk fails, so a pipeline into it ends instead of hanging', async () => {
    const dir = tempDir();
    // The root is a file: no folder can be made under it.
    writeFileSync(path.join(dir, 'files'), '');
    const store = localStore(path.join(dir, 'files'));
    const body = new PassThrough();
    const feeding = pipeline(
      Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(1024 * 1024))),
      body,
    );
    await expect(store.put(newKey(), body)).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(body.destroyed).toBe(true);
    await expect(feeding).rejects.toThrow();
  });

  it('reads a blob that is deleted while it is being read', async () => {
    const store = localStore(root);
    const key = newKey();
    const data = Buffer.alloc(2 * 1024 * 1024, 1);
    await store.put(key, chunked(data));
    const reading = await store.get(key);
    await store.delete(key);
    expect((await readAll(reading)).equals(data)).toBe(true);
  });
});
