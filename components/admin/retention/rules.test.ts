import { describe, expect, it } from 'vitest';
import {
  anyRuleDeletes,
  askedNote,
  coversLabel,
  daysOf,
  draftOfDays,
  everyInWords,
  pollEvery,
  POLL_FAST_MS,
  POLL_SLOW_MS,
  ruleInWords,
  runResult,
  type Run,
  type SweepRules,
} from './rules';

const run = (over: Partial<Run> = {}): Run => ({
  id: '00000000-0000-4000-8000-000000000001',
  asOf: '2026-01-02T03:04:05.000Z',
  startedAt: '2026-01-02T03:04:05.000Z',
  finishedAt: null,
  status: 'done',
  expired: 5,
  deleted: 3,
  held: 2,
  error: null,
  ...over,
});

const retention = (over: Partial<SweepRules> = {}): SweepRules => ({
  messageDays: 30,
  channels: [],
  runs: [],
  ...over,
});

describe('a rule as the forms edit it', () => {
  it('starts from the rule, with days suggested for a rule kept for ever', () => {
    expect(draftOfDays(30)).toEqual({ kind: 'days', days: '30' });
    expect(draftOfDays(null)).toEqual({ kind: 'forever', days: '365' });
  });

  it('sends null for ever, a whole number of days, and refuses what JSON would turn into null', () => {
    expect(daysOf({ kind: 'forever', days: 'anything' })).toEqual({ days: null });
    expect(daysOf({ kind: 'days', days: ' 30 ' })).toEqual({ days: 30 });
    for (const days of ['', 'abc', '1.5'])
      expect(daysOf({ kind: 'days', days })).toEqual({
        error: { message: '', fieldErrors: { messageDays: ['A whole number of days'] } },
      });
    // The bounds are the server's: its message appears at the same field.
    expect(daysOf({ kind: 'days', days: '0' })).toEqual({ days: 0 });
  });
});

describe('words', () => {
  it('says rules, periods, runs and what a hold covers', () => {
    expect(ruleInWords(null)).toBe('Kept for ever');
    expect(ruleInWords(1)).toBe('Kept for 1 day');
    expect(ruleInWords(36_500)).toBe('Kept for 36,500 days');
    expect(everyInWords(3600)).toBe('every hour');
    expect(everyInWords(7200)).toBe('every 2 hours');
    expect(everyInWords(86_400)).toBe('every day');
    expect(everyInWords(900)).toBe('every 15 minutes');
    expect(everyInWords(60)).toBe('every 1 minute');
    expect(everyInWords(45)).toBe('every 45 seconds');
    expect(runResult({ deleted: 1200, expired: 1500, held: 300 })).toBe(
      'Deleted 1,200 of 1,500 expired, 300 kept by holds',
    );
    expect(coversLabel('the whole workspace')).toBe('The whole workspace');
    expect(coversLabel('#legal')).toBe('#legal');
  });
});

describe('polling and the asked-for sweep', () => {
  const now = 1_000_000;
  it('polls fast while a run runs, or until an asked-for run shows up (for a minute at most)', () => {
    expect(pollEvery(undefined, null, now)).toBe(POLL_SLOW_MS);
    expect(pollEvery(retention({ runs: [run()] }), null, now)).toBe(POLL_SLOW_MS);
    expect(pollEvery(retention({ runs: [run({ status: 'running' })] }), null, now)).toBe(POLL_FAST_MS);
    const asked = { after: run().id, at: now - 1000 };
    expect(pollEvery(retention({ runs: [run()] }), asked, now)).toBe(POLL_FAST_MS);
    expect(pollEvery(retention({ runs: [run()] }), asked, now + 60_000)).toBe(POLL_SLOW_MS);
    const newer = run({ id: '00000000-0000-4000-8000-000000000002' });
    expect(pollEvery(retention({ runs: [newer, run()] }), asked, now)).toBe(POLL_SLOW_MS);
    expect(pollEvery(retention(), { after: null, at: now }, now)).toBe(POLL_FAST_MS);
  });

  it('says how the asked-for sweep goes, and when there is nothing to sweep', () => {
    expect(askedNote(retention(), null)).toBe('');
    const asked = { after: null, at: now };
    expect(askedNote(retention(), asked)).toBe('The sweep is asked for: it starts in a moment.');
    expect(askedNote(retention({ messageDays: null }), asked)).toBe(
      'Nothing to sweep: no rule deletes messages.',
    );
    expect(askedNote(retention({ runs: [run({ status: 'running' })] }), asked)).toBe('The sweep is running.');
    expect(askedNote(retention({ runs: [run()] }), asked)).toBe(
      'The sweep is done. Deleted 3 of 5 expired, 2 kept by holds.',
    );
    expect(
      askedNote(retention({ runs: [run({ status: 'failed', error: 'The sweep stopped' })] }), asked),
    ).toBe('The sweep failed: The sweep stopped.');
  });

  it('knows whether any rule deletes messages', () => {
    expect(anyRuleDeletes(retention())).toBe(true);
    expect(anyRuleDeletes(retention({ messageDays: null }))).toBe(false);
    const channel = {
      conversationId: '00000000-0000-4000-8000-000000000003',
      name: '#legal',
      setBy: { id: 'u-1', name: 'Ann' },
      setAt: '2026-01-02T03:04:05.000Z',
    };
    expect(
      anyRuleDeletes(retention({ messageDays: null, channels: [{ ...channel, messageDays: null }] })),
    ).toBe(false);
    expect(anyRuleDeletes(retention({ messageDays: null, channels: [{ ...channel, messageDays: 7 }] }))).toBe(
      true,
    );
  });
});
