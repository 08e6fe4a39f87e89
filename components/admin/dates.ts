/** Whole days in UTC as 'YYYY-MM-DD' (what admin.analytics takes and returns). */
export type Day = string;

const DAY_MS = 86_400_000;

export const utcDay = (d: Date): Day => d.toISOString().slice(0, 10);
export const addDays = (day: Day, n: number): Day =>
  utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
export const daysBetween = (from: Day, to: Day): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** The last `n` days up to and including today (UTC). */
export function lastDays(n: number, today: Day = utcDay(new Date())): { from: Day; to: Day } {
  return { from: addDays(today, -(n - 1)), to: today };
}

/** A time for people: local, with the ISO value kept for machines in <time dateTime>. */
export const showTime = (iso: string) => new Date(iso).toLocaleString();

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "5 days ago": how long ago, from an age in seconds. */
export function ago(seconds: number, locale?: string): string {
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  // Two of a unit before switching to it: "90 seconds ago" says more than "2 minutes ago".
  for (const [unit, size] of units)
    if (seconds >= 2 * size) return fmt.format(-Math.floor(seconds / size), unit);
  return fmt.format(-Math.floor(seconds), 'second');
}
