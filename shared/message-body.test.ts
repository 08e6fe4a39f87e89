import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankBody, bodyRules, controlInBody, longBody, MAX_BODY_BYTES, utf8Length } from './message-body';

// Any UTF-16 units, lone surrogates included (the length must count them as browsers send them).
const units = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })))
  .map((a) => String.fromCharCode(...a));

describe('message bodies', () => {
  it('counts UTF-8 bytes as Node does', () => {
    fc.assert(
      fc.property(fc.oneof(units, fc.string({ unit: 'binary' })), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('takes up to 16 KB of UTF-8, not blank, without control characters but newlines and tabs', () => {
    const broken = (body: string) => bodyRules.filter((r) => r.broken(body)).map((r) => r.message);
    expect(broken('a'.repeat(MAX_BODY_BYTES))).toEqual([]);
    expect(broken('€'.repeat(MAX_BODY_BYTES / 3 + 1))).toEqual(['At most 16 KB of text']);
    expect(broken(' \n\t ')).toEqual(['A message needs some text']);
    expect(broken('nul \u0000 here')).toEqual(['Must not contain control characters']);
    expect(broken('line one\nline\ttwo\r\n')).toEqual([]);
    expect(bodyRules).toEqual([blankBody, longBody, controlInBody]);
  });
});
