import type { NotificationKind } from './moderation';

// Notification preferences, shared by the server (which applies them) and the preferences page
// (which offers them), so the choices and their defaults have one home.

/** How much a conversation notifies: every message, mentions and replies, or nothing. */
export const LEVELS = ['all', 'mentions', 'nothing'] as const;
export type Level = (typeof LEVELS)[number];

/** The kinds of conversation a level is set for (dm and group are both "direct"). */
export const LEVEL_KINDS = ['channel', 'direct', 'subject'] as const;
export type LevelKind = (typeof LEVEL_KINDS)[number];

export const EMAIL_FREQUENCIES = ['off', 'immediately', 'every15', 'hourly'] as const;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];

/** The least time between two notification emails to one person, per frequency. */
export const EMAIL_WINDOW_MS: Record<Exclude<EmailFrequency, 'off'>, number> = {
  immediately: 0,
  every15: 15 * 60_000,
  hourly: 60 * 60_000,
};

/** Email categories, each with its own one-click unsubscribe. */
export const EMAIL_CATEGORIES = ['activity', 'moderation'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

export const categoryOf = (kind: NotificationKind): EmailCategory =>
  kind === 'report_outcome' ||
  kind === 'warning' ||
  kind === 'held_outcome' ||
  kind === 'correction' ||
  kind === 'file_blocked'
    ? 'moderation'
    : 'activity';

export const DEFAULT_PREFS = {
  levels: { channel: 'mentions', direct: 'all', subject: 'mentions' } as Record<LevelKind, Level>,
  email: 'every15' as EmailFrequency,
  emailOff: [] as EmailCategory[],
  push: true,
  quietHours: null as { start: number; end: number } | null,
  timeZone: 'UTC',
};

export const LEVEL_WORDS: Record<Level, string> = {
  all: 'Every message',
  mentions: 'Mentions and replies',
  nothing: 'Nothing',
};
export const LEVEL_KIND_WORDS: Record<LevelKind, string> = {
  channel: 'Channels',
  direct: 'Direct messages',
  subject: 'Record conversations',
};
export const EMAIL_WORDS: Record<EmailFrequency, string> = {
  off: 'Never',
  immediately: 'As soon as I miss something',
  every15: 'At most every 15 minutes',
  hourly: 'At most once an hour',
};
export const CATEGORY_WORDS: Record<EmailCategory, string> = {
  activity: 'Mentions, replies, direct messages and shared files',
  moderation: 'Moderation: reports, warnings, held messages, corrections, blocked files',
};

/** "HH:MM" for minutes after midnight, and back (null for anything else). */
export const minutesToClock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export function clockToMinutes(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether a time zone name is one this runtime knows (an IANA name such as Europe/Berlin). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight at this instant in a time zone. */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * Whether quiet hours hold at this instant; a range may wrap midnight (22:00–07:00). Start equal
 * to end means no quiet time at all, not the whole day.
 */
export function inQuietHours(now: Date, quiet: { start: number; end: number } | null, timeZone: string) {
  if (!quiet || quiet.start === quiet.end) return false;
  const m = localMinutes(now, timeZone);
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}
