import { describe, expect, it } from 'vitest';
import { blockedLinks } from '../blocked-domains';
import { compileFilter, runFilters } from '../content-filter';
import { detectMarkup } from '../markup';
import { DETECTORS, scanText } from './index';

// Not a speed measurement (that is `npm run bench -- --only=dlp`): a guard against a pattern that
// backtracks. On these inputs a super-linear pattern takes seconds; a linear one a few milliseconds.
const LIMIT_MS = 50;
const N = 64 * 1024;
const fill = (f: string) => f.repeat(Math.ceil(N / f.length)).slice(0, N);

/** Each repeats the start of something a detector looks for, never finished. */
const HOSTILE: Record<string, string> = {
  digits: '4'.repeat(N),
  'card groups': fill('4111 '),
  'digit-dash': fill('1-'),
  'half SSNs': fill('123-45-'),
  'IBAN starts': fill('DE89 '),
  'IBAN run': fill('DE8937'),
  'AWS prefixes': fill('AKIA'),
  'GitHub prefixes': fill('ghp_a'),
  'JWT starts': fill('eyJ'),
  'one long JWT part': 'eyJ' + 'a'.repeat(N),
  'JWT parts': fill('eyJaaaaaaaaaaaaa.'),
  'key markers, no end': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  assignments: fill('password='),
  'at signs': fill('a@'),
  dots: fill('a.'),
  'one address, long domain': 'a@' + fill('b.'),
  'unclosed tags': fill('<a '),
  'unclosed handlers': fill('<a onx'),
  'script words': fill('java '),
  'plus signs': fill('+1 '),
  'area codes': fill('(555) '),
  hosts: fill('a.b'),
  'URL starts': fill('http://a.'),
  'Slack prefixes': fill('xoxb-1'),
  letters: 'a'.repeat(N),
  spaces: ' '.repeat(N),
};

/**
 * CPU milliseconds of the fastest of three runs: on a shared machine wall time mostly measures the
 * wait for a core, and a stall is not the pattern's fault.
 */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.cpuUsage();
    run();
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('every shipped pattern on 64 KB of hostile input', () => {
  for (const detector of DETECTORS)
    it(`the ${detector} detector stays under ${LIMIT_MS} ms`, () => {
      const only = new Set([detector]);
      const slow = Object.entries(HOSTILE)
        .map(([name, text]) => [name, fastest(() => scanText(text, only))] as const)
        .filter(([, ms]) => ms > LIMIT_MS);
      expect(slow).toEqual([]);
    });

  it(`markup and blocked-link detection stay under ${LIMIT_MS} ms`, () => {
    const slow = Object.entries(HOSTILE).flatMap(([name, text]) => [
      ...(fastest(() => detectMarkup(text)) > LIMIT_MS ? [`markup: ${name}`] : []),
      ...(fastest(() => blockedLinks(text, ['evil.example'])) > LIMIT_MS ? [`links: ${name}`] : []),
    ]);
    expect(slow).toEqual([]);
  });
});

describe('tenant filters', () => {
  // Patterns that backtracking engines take polynomial or exponential time on.
  const patterns = ['\\s*a\\s*$', '.*x.*y', '(a|aa)*b', '(\\w+\\s?)*$', '(x+x+)+y', '[a-z]+@[a-z]+\\.com'];
  it(`run each under ${LIMIT_MS} ms on 64 KB of hostile input`, () => {
    const slow = patterns.flatMap((pattern) => {
      const f = compileFilter({ id: pattern, pattern, caseSensitive: false });
      // The engine is JavaScript: let the JIT compile its hot paths first.
      for (const text of Object.values(HOSTILE)) runFilters(text.slice(0, 8192), [f], Infinity);
      return Object.entries(HOSTILE)
        .filter(([, text]) => fastest(() => runFilters(text, [f], Infinity)) > LIMIT_MS)
        .map(([name]) => `${pattern} on ${name}`);
    });
    expect(slow).toEqual([]);
  });

  it('stop at the time budget and say the scan was cut short', () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      compileFilter({ id: String(i), pattern: `b|${i}`, caseSensitive: true }),
    );
    // With no budget left after the first filter, the other nineteen do not run.
    const { matches, truncated } = runFilters(fill('ab '), many, 0);
    expect(truncated).toBe(true);
    expect(new Set(matches.map((m) => m.filterId))).toEqual(new Set(['0']));
  });

  it('find matches, at most 100 per filter, and only in the first 64 KB', () => {
    const f = compileFilter({ id: 'f', pattern: 'secret', caseSensitive: false });
    expect(runFilters('a SECRET b secret', [f]).matches).toEqual([
      { filterId: 'f', start: 2, end: 8 },
      { filterId: 'f', start: 11, end: 17 },
    ]);
    expect(runFilters(fill('secret '), [f]).matches).toHaveLength(100);
    const late = 'x'.repeat(N) + ' secret';
    expect(runFilters(late, [f])).toEqual({ matches: [], truncated: true });
  });

  it('refuse to compile what the engine cannot run, with a readable message', () => {
    expect(() => compileFilter({ id: 'x', pattern: '(a', caseSensitive: false })).toThrow(
      /^This pattern is not valid: missing closing \)/,
    );
  });
});
