import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyProblem, MAX_BODY_BYTES, utf8Length } from './message-body';

// Any UTF-16 units, lone surrogates included (the length must count them as browsers send them).
const units = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })))
  .map((a) => String.fromCharCode(...a));

describe('message bodies', () => {
  it('counts UTF-8 bytes as the encoder does', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.oneof(units, fc.string({ unit: 'binary' })), (s) => {
        expect(utf8Length(s)).toBe(encoder.encode(s).length);
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('takes up to 16 KB of UTF-8, and names the first rule a body breaks', () => {
    expect(bodyProblem('a'.repeat(MAX_BODY_BYTES))).toBeNull();
    expect(bodyProblem('€'.repeat(MAX_BODY_BYTES / 3 + 1))?.message).toBe('At most 16 KB of text');
    expect(bodyProblem(' \n\t ')?.message).toBe('A message needs some text');
    expect(bodyProblem('nul \u0000 here')?.message).toBe('Must not contain control characters');
    expect(bodyProblem('line one\nline\ttwo\r\n')).toBeNull();
    expect(bodyProblem('')?.problem).toBe('empty');
  });
});
