import { downloadable, THUMBNAIL_TYPES } from '@/shared/files';
import type { ChatFile, Message } from './types';

/**
 * Pure helpers for the files on messages: applying a `file:updated` event to a held list, and the
 * box an image takes before its thumbnail loads.
 */

/** How far a file has come: its version, then scanned or not, then whether it has a thumbnail. */
const progressOf = (f: ChatFile) => [f.version, f.status === 'pending' ? 0 : 1, f.thumbnail ? 1 : 0];

/** Whether `next` says more about the file than `held` (events can arrive out of order). */
export function isNewerFile(next: ChatFile, held: ChatFile): boolean {
  const a = progressOf(next);
  const b = progressOf(held);
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

/**
 * The list with `file` in place of the held copy on its message, when it is newer; the same list
 * when no held message carries it (or the held copy is as new).
 */
export function withFile(list: readonly Message[], file: ChatFile): readonly Message[] {
  if (!file.messageId) return list;
  // Recent messages are scanned and get thumbnails: search from the end.
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    if (m.id !== file.messageId) continue;
    const at = m.files.findIndex((f) => f.id === file.id);
    if (at < 0 || !isNewerFile(file, m.files[at]!)) return list;
    const files = m.files.slice();
    files[at] = file;
    const next = list.slice();
    next[i] = { ...m, files };
    return next;
  }
  return list;
}

/** The most an image takes in a message, in CSS pixels (the thumbnail is at most 480 px). */
export const THUMB_MAX = { width: 360, height: 270 } as const;
const FALLBACK = { width: 240, height: 180 } as const;

/** The box of an image of `width` × `height` shown within `max`, keeping its proportions. */
export function thumbBox(
  width: number | null,
  height: number | null,
  max: { width: number; height: number } = THUMB_MAX,
): { width: number; height: number } {
  if (!width || !height || width <= 0 || height <= 0) return { ...FALLBACK };
  const scale = Math.min(1, max.width / width, max.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** How long after an upload a missing thumbnail is still worth waiting for. */
const THUMB_WAIT_MS = 2 * 60_000;

/**
 * How a file shows in a message: by its thumbnail (a picture, or a PDF's first page), as a box
 * that waits for one (scanning, or a thumbnail on its way), or as a card with a download button.
 * A PDF is a card (which opens the viewer) until its first page arrives: the card does all the
 * tile would, and a PDF that cannot be drawn never gets one.
 */
export function fileLook(f: ChatFile, now = Date.now()): 'image' | 'waiting' | 'card' {
  if (f.kind === 'pdf') return f.thumbnail && downloadable(f.status) ? 'image' : 'card';
  if (f.kind !== 'image' || !THUMBNAIL_TYPES.has(f.mime)) return 'card';
  // A new version being scanned: a card, from which the version before it downloads meanwhile.
  if (f.status === 'pending') return f.servedVersion === null ? 'waiting' : 'card';
  if (!downloadable(f.status)) return 'card';
  if (f.thumbnail) return 'image';
  // Scanned, its thumbnail still being made (an event brings it); a picture sharp could not read
  // never gets one, and shows as a card once that is clear.
  return now - Date.parse(f.createdAt) < THUMB_WAIT_MS ? 'waiting' : 'card';
}

/**
 * Whether `me` may fetch the file's content now: a version of it is scanned (or let through), or
 * its current version is theirs and still being scanned (the server picks which: docs/files.md).
 */
export const fetchable = (f: ChatFile, me: string) =>
  f.servedVersion !== null || (f.status === 'pending' && f.versionUploaderId === me);

/**
 * What a file's card says of its versions beyond the first: "v2", and which version a download
 * gives while the current one is not available (being scanned, or blocked).
 */
export function versionNote(f: ChatFile, me: string): string | null {
  if (f.version <= 1) return null;
  if (downloadable(f.status) || (f.status === 'pending' && f.versionUploaderId === me))
    return `v${f.version}`;
  if (f.servedVersion === null) return `v${f.version}`;
  const why = f.status === 'pending' ? 'is being scanned' : 'was blocked';
  return `v${f.version} ${why}: downloads give v${f.servedVersion}`;
}
