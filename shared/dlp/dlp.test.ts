import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { edgeAfterArb, edgeArb, nearMissArb, plantedArb, proseArb } from '../../test/dlp-samples';
import { luhnValid } from './cards';
import { redactText, scanText } from './index';

const CORE = new Set(['card', 'ssn', 'iban', 'secret'] as const);

/** A planted item inside generated prose, with where the item sits. */
const inProse = <T>(item: fc.Arbitrary<T>, textOf: (t: T) => string) =>
  fc.tuple(proseArb, edgeArb, item, edgeAfterArb, proseArb).map(([before, l, it, r, after]) => {
    const head = `${before}${l}`;
    return { item: it, text: `${head}${textOf(it)}${r}${after}`, at: head.length };
  });

describe('DLP detectors', () => {
  it('find at least 99.5 % of generated cards, SSNs, IBANs and secrets inside prose', () => {
    const samples = fc.sample(
      inProse(plantedArb, (p) => p.text),
      { numRuns: 4000, seed: 1402 },
    );
    const missed = samples.filter(({ item, text, at }) => {
      const secret = item.secret ?? item.text;
      const start = at + item.text.lastIndexOf(secret);
      const end = start + secret.length;
      return !scanText(text, CORE).some(
        (m) => m.detector === item.detector && m.start <= start && m.end >= end,
      );
    });
    const recall = 1 - missed.length / samples.length;
    expect(
      recall,
      `missed, for example: ${missed
        .slice(0, 3)
        .map((m) => JSON.stringify(m.item.text))
        .join(', ')}`,
    ).toBeGreaterThanOrEqual(0.995);
  });

  it('report at most 1 % of near-misses: Luhn-invalid numbers, order numbers, UUIDs, hashes', () => {
    const samples = fc.sample(
      inProse(nearMissArb, (t) => t),
      { numRuns: 4000, seed: 1403 },
    );
    const reported = samples.filter(({ text }) => scanText(text, CORE).length > 0);
    expect(
      reported.length / samples.length,
      `reported, for example: ${reported
        .slice(0, 3)
        .map((s) => JSON.stringify(s.text))
        .join(', ')}`,
    ).toBeLessThanOrEqual(0.01);
  });

  it('leave prose without sensitive data alone', () => {
    fc.assert(
      fc.property(proseArb, (text) => scanText(text).length === 0),
      { seed: 1404 },
    );
  });

  it('mask so that no digit of a card but the last four, and nothing of a secret, survives', () => {
    const text =
      'Pay with 4242 4242 4242 4242 or 378282246310005; key AKIAIOSFODNN7EXAMPLE, ssn 219-09-9999.';
    const out = redactText(text, scanText(text));
    expect(out).toBe('Pay with •••• 4242 or •••• 0005; key [secret removed], ssn •••-••-9999.');
  });

  it('keep IBANs apart when two follow each other, and mask them with country and last four', () => {
    const text = 'DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32';
    const found = scanText(text);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB82 WEST 1234 5698 7654 32',
    ]);
    expect(redactText(text, found)).toBe('DE•••• 3000 GB•••• 5432');
  });

  it('scan only the detectors asked for, without overlaps', () => {
    const text = 'mail ana@example.com or call +44 20 7946 0958; card 4111-1111-1111-1111';
    expect(scanText(text, new Set(['email'])).map((m) => m.detector)).toEqual(['email']);
    const all = scanText(text);
    expect(all.map((m) => m.detector)).toEqual(['email', 'phone', 'card']);
    for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.end);
  });

  it('apply the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
