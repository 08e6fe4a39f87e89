import type { ShownError } from '@/components/client/errors';
import type { RouterOutputs } from '@/components/client/trpc';
import type { ExportFormat } from '@/shared/retention';

export type Export = RouterOutputs['compliance']['exports'][number];
export type ExportStatus = Export['status'];

export const statusLabel: Record<ExportStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** A format's short name, for the table (the form says what each is, EXPORT_FORMAT_LABELS). */
export const formatShort: Record<ExportFormat, string> = {
  ndjson: 'NDJSON',
  csv: 'CSV',
  eml: 'EML',
  html: 'HTML',
};

/** Polling while an export is being built (the socket is quicker), and the rest of the time. */
export const POLL_FAST_MS = 5_000;
export const POLL_SLOW_MS = 60_000;

export const inProgress = (e: Pick<Export, 'status'>) => e.status === 'queued' || e.status === 'running';

/** How soon to read the exports again: quickly while any is queued or running. */
export const pollEvery = (list: readonly Pick<Export, 'status'>[] | undefined) =>
  list?.some(inProgress) ? POLL_FAST_MS : POLL_SLOW_MS;

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** "812 bytes", "12.3 KB", "4.0 MB": a file's size for people (1 KB = 1,024 bytes). */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes.toLocaleString('en')} bytes`;
  let n = bytes / 1024;
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${n.toFixed(1)} ${UNITS[unit]}`;
}

const some = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * "1,204 messages, 3 conversations": what an export holds, from its rows per table (the
 * conversations are those exported, with or without messages in the date range).
 */
export function countsInWords(counts: Record<string, number> | null): string | null {
  if (!counts) return null;
  const messages = some(counts.message ?? 0, 'message', 'messages');
  const conversations = counts.conversation;
  return conversations === undefined
    ? messages
    : `${messages}, ${some(conversations, 'conversation', 'conversations')}`;
}

/** "From 2026-01-01 to 2026-01-31", "Everything": the date range an export asked for. */
export function rangeInWords(o: Pick<Export['options'], 'from' | 'to'>): string {
  if (o.from && o.to) return `${o.from} to ${o.to}`;
  if (o.from) return `From ${o.from}`;
  if (o.to) return `Up to ${o.to}`;
  return 'All dates';
}

/**
 * The server's field errors under the form's field names: an array's items (`formats.0`,
 * `conversationIds.2`) are reported at the array's field.
 */
export function atFields(error: ShownError | null): ShownError | null {
  if (!error) return null;
  const fieldErrors: Record<string, string[]> = {};
  for (const [k, msgs] of Object.entries(error.fieldErrors)) {
    const top = k.split('.')[0] ?? k;
    fieldErrors[top] = [...new Set([...(fieldErrors[top] ?? []), ...msgs])];
  }
  return { ...error, fieldErrors };
}
