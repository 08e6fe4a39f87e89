import { describe, expect, it } from 'vitest';
import { categoryOf, clockToMinutes, inQuietHours, localMinutes, minutesToClock } from './notification-prefs';

describe('quiet hours', () => {
  const at = (iso: string) => new Date(iso);
  const night = { start: 22 * 60, end: 7 * 60 };

  it('reads the clock in the person’s time zone', () => {
    // 21:30 UTC is 22:30 in Berlin in winter, 16:30 in New York.
    expect(localMinutes(at('2026-12-07T21:30:00Z'), 'Europe/Berlin')).toBe(22 * 60 + 30);
    expect(localMinutes(at('2026-12-07T21:30:00Z'), 'America/New_York')).toBe(16 * 60 + 30);
    expect(inQuietHours(at('2026-12-07T21:30:00Z'), night, 'Europe/Berlin')).toBe(true);
    expect(inQuietHours(at('2026-12-07T21:30:00Z'), night, 'America/New_York')).toBe(false);
  });

  it('wraps midnight, ends at the end minute, and a same-day range works too', () => {
    expect(inQuietHours(at('2026-12-07T03:00:00Z'), night, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-12-07T06:59:00Z'), night, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-12-07T07:00:00Z'), night, 'UTC')).toBe(false);
    expect(inQuietHours(at('2026-12-07T21:59:00Z'), night, 'UTC')).toBe(false);
    const lunch = { start: 12 * 60, end: 13 * 60 };
    expect(inQuietHours(at('2026-12-07T12:30:00Z'), lunch, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-12-07T13:30:00Z'), lunch, 'UTC')).toBe(false);
    expect(inQuietHours(at('2026-12-07T12:30:00Z'), null, 'UTC')).toBe(false);
  });

  it('spells times as HH:MM and reads them back', () => {
    expect(minutesToClock(7 * 60 + 5)).toBe('07:05');
    expect(clockToMinutes('22:30')).toBe(22 * 60 + 30);
    expect(clockToMinutes('24:00')).toBeNull();
    expect(clockToMinutes('7:00')).toBeNull();
  });

  it('puts moderation notices in their own email category', () => {
    expect(categoryOf('mention')).toBe('activity');
    expect(categoryOf('added')).toBe('activity');
    expect(categoryOf('warning')).toBe('moderation');
    expect(categoryOf('file_blocked')).toBe('moderation');
  });
});
