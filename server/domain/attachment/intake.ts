import { randomUUID } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { categoryOf, FILE_CATEGORY_WORDS, formatBytes, type FileCategory } from '../../../shared/files';
import { encryptStream, newFileKey, streamKey } from '../../lib/crypto/file-cipher';
import { AppError } from '../../lib/errors';
import { blobKey, type BlobStore } from '../../lib/storage/blob-store';
import { blobContext } from './bindings';

/** What file-type needs to see to know most formats. */
const HEAD = 4100;

/** An upload written to the store, encrypted; its rows are not written yet. */
export interface Intake {
  versionId: string;
  storageKey: string;
  fileKey: Buffer;
  size: number;
  mime: string;
}

export interface IntakeLimits {
  maxBytes: number;
  categories: readonly FileCategory[];
}

/** Text is what file-type cannot name: valid UTF-8 without NUL bytes, as far as it was seen. */
function looksLikeText(head: Buffer) {
  if (head.includes(0)) return false;
  // A multi-byte character cut at the end of the head is still text.
  const cut = head.subarray(0, Math.max(0, head.length - 3));
  return Buffer.from(new TextDecoder('utf-8', { fatal: false }).decode(cut)).equals(cut);
}

export async function sniff(head: Buffer): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  return head.length > 0 && looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `Files in this workspace can be at most ${formatBytes(max)}`);

/**
 * Counts the bytes (refusing past the limit), and sniffs the type from the first bytes (refusing a
 * kind the workspace does not take) before anything past them is passed on, so a refused upload
 * stops early and writes nothing.
 */
function meter(limits: IntakeLimits, found: { size: number; mime: string | null }) {
  let head: Buffer[] = [];
  let headBytes = 0;
  const decide = async () => {
    const mime = await sniff(Buffer.concat(head));
    const category = categoryOf(mime);
    if (!limits.categories.includes(category))
      throw new AppError(
        'VALIDATION',
        `This workspace does not take ${FILE_CATEGORY_WORDS[category].toLowerCase()} (${mime})`,
      );
    found.mime = mime;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      found.size += chunk.length;
      if (found.size > limits.maxBytes) return done(tooLarge(limits.maxBytes));
      if (found.mime !== null) return done(null, chunk);
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < HEAD) return done();
      const all = Buffer.concat(head);
      head = [all.subarray(0, HEAD)];
      decide().then(
        () => done(null, all),
        (err: unknown) => done(err as Error),
      );
    },
    flush(done) {
      if (found.mime !== null) return done();
      decide().then(
        () => done(null, Buffer.concat(head)),
        (err: unknown) => done(err as Error),
      );
    },
  });
}

/**
 * Streams an upload into the store: metered, sniffed, encrypted in segments under a new file key.
 * Nothing is stored when it fails (too large, a refused kind, the client going away).
 */
export async function intake(
  store: BlobStore,
  workspaceId: string,
  body: Readable,
  limits: IntakeLimits,
): Promise<Intake> {
  const versionId = randomUUID();
  const storageKey = blobKey(workspaceId, versionId, 'content');
  const fileKey = newFileKey();
  const found = { size: 0, mime: null as string | null };
  const sealed = new PassThrough();
  const [piped, put] = await Promise.allSettled([
    pipeline(
      body,
      meter(limits, found),
      encryptStream(streamKey(fileKey, 'content'), blobContext(workspaceId, versionId)),
      sealed,
    ),
    store.put(storageKey, sealed),
  ]);
  if (piped.status === 'rejected' || put.status === 'rejected') {
    await store.delete(storageKey).catch(() => undefined);
    // The pipeline's reason first: the limit or kind refused, not the store's "stream closed".
    throw piped.status === 'rejected' ? piped.reason : (put as PromiseRejectedResult).reason;
  }
  return { versionId, storageKey, fileKey, size: found.size, mime: found.mime ?? 'application/octet-stream' };
}
