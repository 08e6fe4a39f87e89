import {
  categoryOf,
  FILE_CATEGORY_WORDS,
  FILE_LIMITS,
  FILE_STATUS_WORDS,
  formatBytes,
  type FileCategory,
} from '@/shared/files';
import { isNewerFile } from './message-files';
import type { ChatFile } from './types';

/**
 * The composer's uploads, as pure state: one chip per file, in the order they were added. Every
 * function returns a new list when something changed and the same list when nothing did.
 */

export interface UploadLimits {
  maxBytes: number;
  categories: readonly FileCategory[];
}

export interface Upload {
  /** This browser's id for the chip (the server's file id comes with `file`). */
  key: string;
  name: string;
  size: number;
  /** The browser's guess at the type: a hint only, the server sniffs the content. */
  type: string;
  state: 'uploading' | 'done' | 'error';
  /** Bytes sent so far. */
  loaded: number;
  /** The stored upload, once the server answered. */
  file: ChatFile | null;
  error: string | null;
  /** A failure worth trying again (the network, the server busy); not a refusal. */
  retryable: boolean;
}

export type Uploads = readonly Upload[];
export const NO_UPLOADS: Uploads = Object.freeze([]);

export interface Incoming {
  key: string;
  name: string;
  size: number;
  type: string;
}

// The kinds the browser's guess names reliably enough to refuse before a byte goes up; for the rest
// (documents, text, archives) browsers guess from the extension and disagree, so the server decides.
const CLEAR_HINTS: readonly FileCategory[] = ['image', 'pdf', 'audio', 'video'];

/** Why the workspace would refuse this file, as far as the browser can tell; null to upload it. */
export function refusalOf(f: Omit<Incoming, 'key'>, limits: UploadLimits | null): string | null {
  if (f.name.length > FILE_LIMITS.nameMax)
    return `The name is longer than ${FILE_LIMITS.nameMax} characters; rename the file`;
  if (!limits) return null;
  if (f.size > limits.maxBytes) {
    const size = formatBytes(f.size);
    const max = formatBytes(limits.maxBytes);
    return `Too large${size === max ? '' : ` (${size})`}: files in this workspace can be at most ${max}`;
  }
  const hinted = f.type ? categoryOf(f.type) : null;
  if (hinted && CLEAR_HINTS.includes(hinted) && !limits.categories.includes(hinted))
    return `This workspace does not take ${FILE_CATEGORY_WORDS[hinted].toLowerCase()}`;
  return null;
}

/**
 * Adds files: each gets a chip, uploading or (refused by the limits) showing why. Past the most a
 * message carries, the rest are left out and counted.
 */
export function admit(
  list: Uploads,
  incoming: readonly Incoming[],
  limits: UploadLimits | null,
): { list: Uploads; start: string[]; left: number } {
  const room = Math.max(0, FILE_LIMITS.filesPerMessage - list.length);
  const taken = incoming.slice(0, room);
  if (taken.length === 0) return { list, start: [], left: incoming.length };
  const start: string[] = [];
  const added = taken.map((f): Upload => {
    const error = refusalOf(f, limits);
    if (!error) start.push(f.key);
    return {
      key: f.key,
      name: f.name,
      size: f.size,
      type: f.type,
      state: error ? 'error' : 'uploading',
      loaded: 0,
      file: null,
      error,
      retryable: false,
    };
  });
  return { list: [...list, ...added], start, left: incoming.length - taken.length };
}

function change(list: Uploads, key: string, fn: (u: Upload) => Upload): Uploads {
  const i = list.findIndex((u) => u.key === key);
  if (i < 0) return list;
  const next = fn(list[i]!);
  if (next === list[i]) return list;
  const out = list.slice();
  out[i] = next;
  return out;
}

export const progressed = (list: Uploads, key: string, loaded: number) =>
  change(list, key, (u) => (u.state !== 'uploading' || loaded <= u.loaded ? u : { ...u, loaded }));

export const uploaded = (list: Uploads, key: string, file: ChatFile) =>
  change(list, key, (u) =>
    u.state !== 'uploading' ? u : { ...u, state: 'done', loaded: u.size, file, error: null },
  );

export const failed = (list: Uploads, key: string, error: string, retryable: boolean) =>
  change(list, key, (u) => (u.state !== 'uploading' ? u : { ...u, state: 'error', error, retryable }));

/** A failed upload goes again from the start. */
export const retried = (list: Uploads, key: string) =>
  change(list, key, (u) =>
    u.state !== 'error' || !u.retryable
      ? u
      : { ...u, state: 'uploading', loaded: 0, error: null, retryable: false },
  );

export const removed = (list: Uploads, key: string): Uploads =>
  list.some((u) => u.key === key) ? list.filter((u) => u.key !== key) : list;

/** A `file:updated` about one of these uploads (scanned, blocked, given a thumbnail). */
export function fileChanged(list: Uploads, file: ChatFile): Uploads {
  const u = list.find((x) => x.file?.id === file.id);
  if (!u?.file || !isNewerFile(file, u.file)) return list;
  return change(list, u.key, (x) => ({ ...x, file }));
}

/** Whether a stored upload is one the server will refuse to send (the scan blocked it). */
export const isBlocked = (u: Upload) => u.file?.status === 'infected' || u.file?.status === 'blocked';

export interface UploadSummary {
  /** Files still going up. */
  uploading: number;
  /** The stored uploads to send, in order. */
  files: ChatFile[];
  /** Stored uploads the scan blocked: the message cannot go with them. */
  blocked: number;
  /** Chips that failed (they do not stop a send: they have no file to carry). */
  failed: number;
}

export function summarise(list: Uploads): UploadSummary {
  const s: UploadSummary = { uploading: 0, files: [], blocked: 0, failed: 0 };
  for (const u of list) {
    if (u.state === 'uploading') s.uploading++;
    else if (u.state === 'error') s.failed++;
    else if (u.file && isBlocked(u)) s.blocked++;
    else if (u.file) s.files.push(u.file);
  }
  return s;
}

/** What a chip says under its name. */
export function chipStatus(u: Upload): string {
  if (u.state === 'error') return u.error ?? 'Upload failed';
  if (u.state === 'uploading')
    return u.size > 0 ? `Uploading… ${Math.floor((u.loaded / u.size) * 100)}%` : 'Uploading…';
  const status = u.file?.status;
  if (!status || status === 'clean') return 'Uploaded';
  return FILE_STATUS_WORDS[status];
}

/** The send button's words while the uploads are not ready. */
export function sendLabel(s: UploadSummary): string {
  if (s.uploading > 0) return s.uploading === 1 ? 'Uploading 1 file…' : `Uploading ${s.uploading} files…`;
  return 'Send';
}
