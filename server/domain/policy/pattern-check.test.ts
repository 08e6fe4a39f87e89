import { describe, expect, it } from 'vitest';
import { checkPattern } from './pattern-check';

describe('checkPattern', () => {
  it('accepts ordinary patterns', async () => {
    for (const p of ['\\bproject (?:falcon|eagle)\\b', 'ORD-\\d{6}', '[a-z]+@competitor\\.com', '\\s*a\\s*$'])
      expect(await checkPattern(p), p).toEqual({ ok: true });
  });

  it.each([
    ['', /^Enter a pattern/],
    ['   ', /^Enter a pattern/],
    ['a'.repeat(501), /under 500 characters/],
    ['(a)\\1', /^Backreferences/],
    ['(?<n>a)\\k<n>', /^Backreferences/],
    ['foo(?=bar)', /^Lookarounds/],
    ['(?<!x)foo', /^Lookarounds/],
    ['(?!x)foo', /^Lookarounds/],
    ['(a', /^This pattern is not valid: missing closing \)/],
    ['a**', /^This pattern is not valid/],
    ['x?', /matches empty text/],
    ['(a|)', /matches empty text/],
    ['^(a+)+$', /exponential time/],
    ['(x+x+)+y', /exponential time/],
  ])('refuses %j with a clear message', async (pattern, message) => {
    const result = await checkPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
