import { describe, expect, it } from 'vitest';
import { snoozeChoices, waitedFor, waitedForLong } from './waiting';

const at = Date.parse('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(at - ms).toISOString();

describe('waiting times', () => {
  it('reads short and grows its unit', () => {
    expect(waitedFor(ago(20_000), at)).toBe('just now');
    expect(waitedFor(ago(4 * 60_000), at)).toBe('4 min');
    expect(waitedFor(ago(2 * 3_600_000 + 5), at)).toBe('2 h');
    expect(waitedFor(ago(47 * 3_600_000), at)).toBe('47 h');
    expect(waitedFor(ago(3 * 86_400_000), at)).toBe('3 d');
    expect(waitedForLong(ago(60_000), at)).toBe('Waiting for 1 minute');
    expect(waitedForLong(ago(3 * 3_600_000), at)).toBe('Waiting for 3 hours');
  });

  it('offers snoozes that all end in the future, Monday on a Monday being next week', () => {
    const monday = new Date(2026, 11, 7, 10, 0); // a Monday, 10:00 local
    const choices = snoozeChoices(monday);
    for (const c of choices) expect(Date.parse(c.until)).toBeGreaterThan(monday.getTime());
    const next = new Date(choices[3]!.until);
    expect([next.getDay(), next.getDate(), next.getHours()]).toEqual([1, 14, 9]);
    expect(new Date(choices[2]!.until).getDate()).toBe(8);
  });
});
