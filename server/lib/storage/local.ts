import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { checkedKey, checkedRange, missing, unsatisfiable, type BlobStore } from './blob-store';

const isAbsent = (err: unknown) => (err as { code?: string } | null)?.code === 'ENOENT';

const asBuffer = (chunk: unknown) =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string);

/** Writes all of b: a write may take fewer bytes than it was given. */
async function writeAll(h: FileHandle, b: Buffer) {
  for (let at = 0; at < b.length;) at += (await h.write(b, at, b.length - at)).bytesWritten;
}

/** Makes a rename in dir durable. Best effort: not every platform can open a folder to sync it. */
async function syncDir(dir: string) {
  const h = await open(dir, 'r').catch(() => null);
  if (!h) return;
  await h.sync().catch(() => undefined);
  await h.close();
}

/**
 * Blobs as files under a folder (the data directory's `files/` by default). Written to a temporary
 * name beside the target, flushed to disk, then renamed: a crash leaves no half-written blob under
 * its real name (only a `.part` file, a name no key can have). Files 0600, folders 0700.
 */
export function localStore(root: string): BlobStore {
  const where = (key: string) => path.join(root, ...checkedKey(key).split('/'));
  return {
    kind: 'local',
    async put(key, body) {
      let bytes = 0;
      let tmp: string | null = null;
      try {
        const file = where(key);
        const dir = path.dirname(file);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // In the same folder, so that the rename is atomic; a dot is in no key, so it never collides.
        tmp = `${file}.${randomBytes(6).toString('hex')}.part`;
        const h = await open(tmp, 'wx', 0o600);
        try {
          for await (const chunk of body) {
            const b = asBuffer(chunk);
            await writeAll(h, b);
            bytes += b.length;
          }
          await h.sync();
        } finally {
          await h.close();
        }
        await rename(tmp, file);
        await syncDir(dir);
      } catch (err) {
        body.destroy();
        if (tmp) await rm(tmp, { force: true });
        throw err;
      }
      return { bytes };
    },
    async get(key, range) {
      if (range) checkedRange(range);
      // Opened before anything else: a blob deleted in between is NOT_FOUND, not a stream that fails later.
      const h = await open(where(key), 'r').catch((err: unknown) => {
        throw isAbsent(err) ? missing() : err;
      });
      try {
        if (range && range.start >= (await h.stat()).size) throw unsatisfiable(range);
        // The stream closes the handle when it ends or is destroyed.
        return h.createReadStream(range ? { start: range.start, end: range.end } : {});
      } catch (err) {
        await h.close();
        throw err;
      }
    },
    async delete(key) {
      await rm(where(key), { force: true });
    },
    async size(key) {
      try {
        return (await stat(where(key))).size;
      } catch (err) {
        if (isAbsent(err)) return null;
        throw err;
      }
    },
  };
}
