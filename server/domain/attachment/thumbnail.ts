import { Readable } from 'node:stream';
import sharp from 'sharp';
import { THUMBNAIL_TYPES } from '../../../shared/files';
import { encryptBuffer, streamKey } from '../../lib/crypto/file-cipher';
import { blobKey } from '../../lib/storage/blob-store';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { blobContext } from './bindings';
import { plaintext } from './blob';
import { fileChanged } from './touch';

/** The longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 480;
/** Pictures past this many pixels are not decoded (a small file can claim a huge canvas). */
const PIXEL_LIMIT = 50_000_000;

/**
 * A WebP thumbnail of an image version, encrypted under the version's key like its content (its
 * own subkey), stored next to it, and the picture's size recorded. Null when it is no image.
 */
export async function makeThumbnail(
  deps: Pick<Deps, 'tenants' | 'keys' | 'files'>,
  workspaceId: string,
  v: { id: string; mime: string; storageKey: string; size: bigint },
  fileKey: Buffer,
): Promise<DomainEvent | null> {
  if (!THUMBNAIL_TYPES.has(v.mime)) return null;
  const source = await plaintext(deps, workspaceId, v, fileKey);
  const image = sharp({ limitInputPixels: PIXEL_LIMIT, animated: false, failOn: 'error' });
  source.pipe(image);
  const [meta, thumb] = await Promise.all([
    image.clone().metadata(),
    image
      .clone()
      .rotate()
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer(),
  ]);
  const thumbKey = blobKey(workspaceId, v.id, 'thumb');
  const sealed = encryptBuffer(streamKey(fileKey, 'thumbnail'), blobContext(workspaceId, v.id), thumb);
  await deps.files.store.put(thumbKey, Readable.from([sealed]));
  const recorded = deps.tenants.system(workspaceId, async (tx, ws) => {
    const updated = await tx.fileVersion.update({
      where: { workspaceId_id: { workspaceId: ws, id: v.id } },
      data: { thumbKey, width: meta.width ?? null, height: meta.height ?? null },
    });
    return (await fileChanged(tx, ws, deps.keys, updated.fileId)).event;
  });
  // The version may have gone meanwhile (deleted with its message): then so does its thumbnail.
  return recorded.catch(async (err: unknown) => {
    await deps.files.store.delete(thumbKey).catch(() => undefined);
    throw err;
  });
}
