import { describe, expect, it } from 'vitest';
import { LONG_REPEAT_CHARS, repeatsAllowed } from './limits';

describe('repeatsAllowed', () => {
  it('lets short texts through as often as the setting says and long ones once', () => {
    expect(repeatsAllowed('ok', 2)).toBe(2);
    expect(repeatsAllowed('+1', 5)).toBe(5);
    expect(repeatsAllowed('x'.repeat(LONG_REPEAT_CHARS - 1), 3)).toBe(3);
    expect(repeatsAllowed('x'.repeat(LONG_REPEAT_CHARS), 3)).toBe(1);
    // Counted in characters, not UTF-16 units, and without the surrounding blanks.
    expect(repeatsAllowed('😀'.repeat(LONG_REPEAT_CHARS - 1), 2)).toBe(2);
    expect(repeatsAllowed(`  ${'y'.repeat(LONG_REPEAT_CHARS - 1)}  `, 2)).toBe(2);
  });
});
