/**
 * What files a workspace takes, shared by the server (which decides, on the sniffed type) and the
 * clients (which check early, to say so before a long upload).
 */

/** Kinds of file an admin allows or refuses, by the type sniffed from the content. */
export const FILE_CATEGORIES = [
  'image',
  'pdf',
  'document',
  'text',
  'archive',
  'audio',
  'video',
  'other',
] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];

export const FILE_CATEGORY_WORDS: Record<FileCategory, string> = {
  image: 'Images',
  pdf: 'PDF documents',
  document: 'Office documents',
  text: 'Plain text and CSV',
  archive: 'Archives (zip, tar, 7z …)',
  audio: 'Audio',
  video: 'Video',
  other: 'Anything else',
};

/** Per workspace: the largest file in MB, the kinds allowed, what an unscannable file becomes. */
export const FILE_LIMITS = { maxMbDefault: 25, maxMbMin: 1, filesPerMessage: 10, nameMax: 255 } as const;
/** The longest comment on a file, in characters. */
export const FILE_COMMENT_MAX = 4000;

/** Images the server makes thumbnails of (sharp reads these). */
export const THUMBNAIL_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/tiff',
]);

const DOCUMENT =
  /^application\/(msword|vnd\.ms-|vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.|rtf)/;
const ARCHIVE =
  /^application\/(zip|x-tar|gzip|x-gzip|x-bzip2|x-7z-compressed|x-rar-compressed|vnd\.rar|x-xz|zstd|x-zstd)$/;

/** The category of a sniffed MIME type. */
export function categoryOf(mime: string): FileCategory {
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('text/')) return 'text';
  if (DOCUMENT.test(mime)) return 'document';
  if (ARCHIVE.test(mime)) return 'archive';
  return 'other';
}

/** How a file shows in a message: a picture, a PDF, or any other file. */
export function fileKindOf(mime: string): 'image' | 'pdf' | 'file' {
  const c = categoryOf(mime);
  return c === 'image' || c === 'pdf' ? c : 'file';
}

/** How a file's status reads to people. */
export const FILE_STATUS_WORDS = {
  pending: 'Scanning for malware…',
  clean: 'Scanned',
  unscanned: 'Not scanned',
  infected: 'Blocked: malware found',
  blocked: 'Blocked: it could not be scanned',
} as const;
export type FileStatus = keyof typeof FILE_STATUS_WORDS;
export const FILE_STATUSES = Object.keys(FILE_STATUS_WORDS) as FileStatus[];

/** Whether people other than the uploader may download a file in this status. */
export const downloadable = (status: FileStatus) => status === 'clean' || status === 'unscanned';

/** Sizes as people read them: 812 B, 4.2 KB, 25 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[u]}`;
}
