import { describe, expect, it } from 'vitest';
import { expiryFromInput, shareAllows, shareUntil } from './file-share-words';

describe('shareAllows', () => {
  it('always lets the holder view, then says which flags are set', () => {
    expect(shareAllows({ comment: false, replace: false, download: false })).toBe('View');
    expect(shareAllows({ comment: false, replace: false, download: true })).toBe('View and download');
    expect(shareAllows({ comment: true, replace: true, download: true })).toBe(
      'View, download, comment and replace',
    );
  });
});

describe('shareUntil', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  it('says until revoked, expired, or the time it ends', () => {
    expect(shareUntil(null, now)).toBe('until revoked');
    expect(shareUntil('2026-05-01T11:59:00Z', now)).toBe('expired');
    expect(shareUntil('2026-05-03T14:00:00Z', now, 'en-GB')).toMatch(/^until 3 May 2026/);
  });
});

describe('expiryFromInput', () => {
  it('reads the local time of a datetime-local field, nothing for an empty one', () => {
    expect(expiryFromInput('')).toEqual({ iso: null });
    expect(expiryFromInput('not a time')).toBeNull();
    expect(expiryFromInput('2026-05-03T14:00')).toEqual({ iso: new Date(2026, 4, 3, 14, 0).toISOString() });
  });
});
