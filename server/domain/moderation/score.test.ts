import { describe, expect, it } from 'vitest';
import { threatScore } from './score';
import { trustScore } from './trust';

const member = { kind: 'member' as const, accountDays: 0, messages: 0, recentHits: 0, upheld: 0 };

describe('trust', () => {
  it('starts at 50, grows with age and history, falls with hits and upheld reviews, and is bounded', () => {
    expect(trustScore(member)).toBe(50);
    expect(trustScore({ ...member, accountDays: 5, messages: 45 })).toBe(59);
    expect(trustScore({ ...member, accountDays: 400, messages: 10_000 })).toBe(90);
    expect(trustScore({ ...member, recentHits: 2 })).toBe(34);
    expect(trustScore({ ...member, upheld: 1 })).toBe(30);
    expect(trustScore({ ...member, recentHits: 10, upheld: 5 })).toBe(0);
  });
  it('trusts staff outright and visitors less', () => {
    expect(trustScore({ ...member, kind: 'staff', recentHits: 9 })).toBe(100);
    expect(trustScore({ ...member, kind: 'visitor' })).toBe(30);
  });
});

describe('threat score', () => {
  const flag = { source: 'filter', action: 'flag' } as const;
  it('is 0 for a message the rules did not catch, whoever sent it', () => {
    expect(threatScore([], 0, 3)).toBe(0);
    expect(threatScore([{ source: 'markup', action: 'redact' }], 0)).toBe(0);
  });
  it('weighs flags over masks, and the sender’s trust and recent offences', () => {
    expect(threatScore([flag], 50)).toBe(35);
    expect(threatScore([{ source: 'detector', action: 'redact' }], 50)).toBe(15);
    expect(threatScore([flag], 0)).toBe(65);
    expect(threatScore([flag], 100)).toBe(5);
    expect(threatScore([flag], 50, 2)).toBe(55);
    expect(threatScore([flag], 50, 9)).toBe(65);
  });
  it('counts a source once, with a little for each further hit of it', () => {
    const markup = { source: 'markup', action: 'flag' } as const;
    expect(threatScore([markup], 50)).toBe(20);
    expect(threatScore([markup, markup, markup, markup], 50)).toBe(35);
    // Markup alone never reaches the default quarantine threshold (95), however untrusted the sender.
    expect(
      threatScore(
        Array.from({ length: 6 }, () => markup),
        0,
        0,
      ),
    ).toBeLessThan(95);
    expect(threatScore([flag, { source: 'detector', action: 'redact' }], 50)).toBe(50);
  });
  it('stays within 0..100', () => {
    expect(threatScore([flag, flag, flag, { source: 'markup', action: 'flag' }], 0, 5)).toBe(100);
    expect(threatScore([{ source: 'detector', action: 'redact' }], 100)).toBe(0);
  });
});
