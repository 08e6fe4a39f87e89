/**
 * How a file's shares read in the share dialog and on the file page: what a share lets its holder
 * do, and until when. Pure, for the browser (the server decides what a share allows).
 */

export interface ShareFlags {
  comment: boolean;
  replace: boolean;
  download: boolean;
}

/** "View, download and replace": reading always, then the flags that are set. */
export function shareAllows(s: ShareFlags): string {
  const parts = ['view'];
  if (s.download) parts.push('download');
  if (s.comment) parts.push('comment');
  if (s.replace) parts.push('replace');
  const words = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Until when a share lasts, in the reader's own time: "until revoked", "until 3 May, 14:00", "expired". */
export function shareUntil(expiresAt: string | null, now = Date.now(), locale?: string): string {
  if (!expiresAt) return 'until revoked';
  const t = Date.parse(expiresAt);
  if (t <= now) return 'expired';
  return `until ${new Date(t).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/**
 * What an `<input type="datetime-local">` value (the browser's local time) means for a share's
 * end: its ISO time, or none when the field is empty; null when it names no time.
 */
export function expiryFromInput(value: string): { iso: string | null } | null {
  if (!value.trim()) return { iso: null };
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : { iso: new Date(t).toISOString() };
}
