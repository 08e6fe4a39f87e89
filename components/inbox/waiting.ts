/** How long someone has waited, short: "just now", "4 min", "2 h", "3 d". */
export function waitedFor(since: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(since)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** The same, as a sentence for screen readers and tooltips. */
export function waitedForLong(since: string, now: number): string {
  const short = waitedFor(since, now);
  if (short === 'just now') return 'Waiting since just now';
  const [n, unit] = short.split(' ');
  const word = { min: 'minute', h: 'hour', d: 'day' }[unit ?? 'min'] ?? 'minute';
  return `Waiting for ${n} ${word}${n === '1' ? '' : 's'}`;
}

/** Snooze choices the inbox offers, as ends from `now` (ISO). Tomorrow means 9:00 local time. */
export function snoozeChoices(now: Date): { label: string; until: string }[] {
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(now);
  nextWeek.setDate(nextWeek.getDate() + ((8 - nextWeek.getDay()) % 7 || 7));
  nextWeek.setHours(9, 0, 0, 0);
  return [
    { label: 'For 1 hour', until: hours(1) },
    { label: 'For 4 hours', until: hours(4) },
    { label: 'Until tomorrow, 9:00', until: tomorrow.toISOString() },
    { label: 'Until Monday, 9:00', until: nextWeek.toISOString() },
  ];
}
