import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Tx } from '../../../db/client';
import { downloadable, type FileStatus } from '../../../../shared/files';
import { keyBinding, nameBinding } from '../../attachment/bindings';
import { plaintext } from '../../attachment/blob';
import type { Deps } from '../../deps';

/** A file version an export carries, its key unwrapped while the snapshot is held. */
export interface ExportedBlob {
  path: string;
  workspaceId: string;
  v: { id: string; storageKey: string; size: bigint };
  fileKey: Buffer;
}

/** A name that is safe as one path segment in any unzip tool. */
const safeName = (name: string) =>
  name
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120) || 'file';

/**
 * The content of an exported file version, under files/<file id>/v<version>-<name>. What the
 * malware scan blocked is left out (its row says why): an export must not carry malware on.
 */
export async function blobOf(
  deps: Pick<Deps, 'keys'>,
  tx: Tx,
  ws: string,
  r: Record<string, unknown>,
): Promise<ExportedBlob | null> {
  if (!downloadable(r.status as FileStatus)) return null;
  const id = String(r.id);
  const ring = deps.keys.ring;
  const name = await ring
    .decrypt(tx, nameBinding(ws, id), Buffer.from(r.name as Uint8Array))
    .catch(() => 'file');
  const key = await ring.decrypt(tx, keyBinding(ws, id), Buffer.from(r.wrapped_key as Uint8Array));
  return {
    path: `files/${String(r.file_id)}/v${Number(r.version)}-${safeName(name)}`,
    workspaceId: ws,
    v: { id, storageKey: String(r.storage_key), size: BigInt(r.size as bigint | number) },
    fileKey: Buffer.from(key, 'base64'),
  };
}

/** Writes a file's decrypted content into the export folder, hashing it on the way. */
export async function writeBlob(deps: Pick<Deps, 'files'>, work: string, b: ExportedBlob) {
  const full = path.join(work, b.path);
  await mkdir(path.dirname(full), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(await plaintext(deps, b.workspaceId, b.v, b.fileKey), tap, createWriteStream(full));
  return { path: b.path, bytes, sha256: hash.digest('hex') };
}
