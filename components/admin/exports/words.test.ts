import { describe, expect, it } from 'vitest';
import {
  atFields,
  countsInWords,
  pollEvery,
  POLL_FAST_MS,
  POLL_SLOW_MS,
  rangeInWords,
  sizeInWords,
} from './words';

describe('exports in words', () => {
  it('says a size in bytes, KB, MB', () => {
    expect(sizeInWords(1)).toBe('1 byte');
    expect(sizeInWords(812)).toBe('812 bytes');
    expect(sizeInWords(12_595)).toBe('12.3 KB');
    expect(sizeInWords(4 * 1024 * 1024)).toBe('4.0 MB');
  });

  it('sums up what an export holds', () => {
    expect(countsInWords(null)).toBeNull();
    expect(countsInWords({ message: 1204, conversation: 3, member: 2 })).toBe(
      '1,204 messages, 3 conversations',
    );
    expect(countsInWords({ message: 1, conversation: 1 })).toBe('1 message, 1 conversation');
    expect(countsInWords({ member: 2 })).toBe('0 messages');
  });

  it('says the date range asked for', () => {
    expect(rangeInWords({ from: null, to: null })).toBe('All dates');
    expect(rangeInWords({ from: '2026-01-01', to: null })).toBe('From 2026-01-01');
    expect(rangeInWords({ from: null, to: '2026-01-31' })).toBe('Up to 2026-01-31');
    expect(rangeInWords({ from: '2026-01-01', to: '2026-01-31' })).toBe('2026-01-01 to 2026-01-31');
  });

  it('polls quickly while an export is queued or running', () => {
    expect(pollEvery(undefined)).toBe(POLL_SLOW_MS);
    expect(pollEvery([{ status: 'done' }, { status: 'failed' }])).toBe(POLL_SLOW_MS);
    expect(pollEvery([{ status: 'done' }, { status: 'queued' }])).toBe(POLL_FAST_MS);
    expect(pollEvery([{ status: 'running' }])).toBe(POLL_FAST_MS);
  });

  it("puts an array's item errors at the array's field", () => {
    expect(atFields(null)).toBeNull();
    expect(
      atFields({
        message: 'Invalid input',
        fieldErrors: { 'conversationIds.0': ['Bad id'], 'conversationIds.2': ['Bad id'], to: ['Before'] },
      }),
    ).toEqual({ message: 'Invalid input', fieldErrors: { conversationIds: ['Bad id'], to: ['Before'] } });
  });
});
