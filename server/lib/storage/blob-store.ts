import type { Readable } from 'node:stream';
import { AppError } from '../errors';

/**
 * Where file blobs live (local disk, or an S3-compatible store). Blobs are opaque: encrypted before
 * they get here, named by random ids, never overwritten.
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /**
   * Stores an object from a stream (never visible half-written); resolves with its size. When the
   * stream or the store fails, nothing is stored and the stream is destroyed, so a producer piping
   * into it stops instead of waiting on a reader that has gone.
   */
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  /**
   * The whole object, or bytes start..end inclusive (an end past the object's end gives what there
   * is, as S3 does; a start past it is a RangeError). Throws AppError NOT_FOUND ('File not found')
   * when absent.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Idempotent: a missing object is deleted already. */
  delete(key: string): Promise<void>;
  /** Size in bytes, or null when absent. */
  size(key: string): Promise<number | null>;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

const PART = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A blob's key from parts (lowercase ids and words): nothing that could climb out of the store. */
export function blobKey(...parts: string[]): string {
  if (parts.length === 0 || !parts.every((p) => PART.test(p)))
    throw new Error(`not a blob key: ${JSON.stringify(parts)}`);
  return parts.join('/');
}

/** The key, if blobKey could have made it: checked again by each store before it touches anything. */
export function checkedKey(key: string): string {
  if (!key.split('/').every((p) => PART.test(p))) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
  return key;
}

/** The range, if it is whole byte positions in order (its end is only checked against the object by the store). */
export function checkedRange(r: ByteRange): ByteRange {
  if (!(Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end) && r.start >= 0 && r.start <= r.end))
    throw new RangeError(`bad byte range ${r.start}-${r.end}`);
  return r;
}

export const missing = () => new AppError('NOT_FOUND', 'File not found');

export const unsatisfiable = (r: ByteRange) =>
  new RangeError(`byte range ${r.start}-${r.end} starts past the end of the object`);
