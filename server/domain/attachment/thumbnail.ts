import { Readable } from 'node:stream';
import sharp from 'sharp';
import { fileKindOf, THUMBNAIL_TYPES } from '../../../shared/files';
import { encryptBuffer, streamKey } from '../../lib/crypto/file-cipher';
import { logger } from '../../lib/logger';
import { blobKey } from '../../lib/storage/blob-store';
import type { Deps } from '../deps';
import type { DomainEvent } from '../events';
import { blobContext } from './bindings';
import { plaintext } from './blob';
import { pdfPreview } from './pdf-preview';
import { fileChanged } from './touch';

/** The longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 480;
/** Pictures past this many pixels are not decoded (a small file can claim a huge canvas). */
const PIXEL_LIMIT = 50_000_000;

/** A picture's WebP thumbnail and its size, read by sharp within the input pixel limit. */
async function imageThumbnail(source: Readable) {
  const image = sharp({ limitInputPixels: PIXEL_LIMIT, animated: false, failOn: 'error' });
  source.pipe(image);
  const [meta, webp] = await Promise.all([
    image.clone().metadata(),
    image
      .clone()
      .rotate()
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer(),
  ]);
  return { webp, width: meta.width ?? null, height: meta.height ?? null };
}

/**
 * A WebP thumbnail of an image version, or of a PDF's first page (pdf-preview.ts), encrypted under
 * the version's key like its content (its own subkey), stored next to it, and the size recorded
 * (a picture's in pixels, a PDF page's in points). Null when it is neither, and for a PDF that
 * cannot be drawn (broken, password-protected, too large or too slow): it is shown as a card.
 */
export async function makeThumbnail(
  deps: Pick<Deps, 'tenants' | 'keys' | 'files'>,
  workspaceId: string,
  v: { id: string; mime: string; storageKey: string; size: bigint },
  fileKey: Buffer,
): Promise<DomainEvent | null> {
  const kind = THUMBNAIL_TYPES.has(v.mime) ? 'image' : fileKindOf(v.mime);
  if (kind !== 'image' && kind !== 'pdf') return null;
  const source = await plaintext(deps, workspaceId, v, fileKey);
  let picture: { webp: Buffer; width: number | null; height: number | null };
  if (kind === 'image') picture = await imageThumbnail(source);
  else {
    const preview = await pdfPreview(source, THUMB_SIZE);
    if (!preview.ok) {
      logger.info(
        { versionId: v.id, reason: preview.reason, detail: preview.detail },
        'no preview for a PDF',
      );
      return null;
    }
    picture = preview;
  }
  const thumbKey = blobKey(workspaceId, v.id, 'thumb');
  const sealed = encryptBuffer(streamKey(fileKey, 'thumbnail'), blobContext(workspaceId, v.id), picture.webp);
  await deps.files.store.put(thumbKey, Readable.from([sealed]));
  const recorded = deps.tenants.system(workspaceId, async (tx, ws) => {
    const updated = await tx.fileVersion.update({
      where: { workspaceId_id: { workspaceId: ws, id: v.id } },
      data: { thumbKey, width: picture.width, height: picture.height },
    });
    return (await fileChanged(tx, ws, deps.keys, updated.fileId)).event;
  });
  // The version may have gone meanwhile (deleted with its message): then so does its thumbnail.
  return recorded.catch(async (err: unknown) => {
    await deps.files.store.delete(thumbKey).catch(() => undefined);
    throw err;
  });
}
