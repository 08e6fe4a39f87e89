import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const ORIGIN = 'http://localhost:3000';
const next = (value: string | null) => safeNext(value, '/fallback', ORIGIN);

describe('safeNext', () => {
  it.each([
    // The URL parser drops TAB, LF and CR anywhere, and leading C0 controls and spaces, so
    // each of these is `//evil.example/` by the time the browser follows it.
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\r/evil.example/',
    '\t//evil.example/',
    '/\t\n/evil.example/',
    '\u0000//evil.example/',
    ' //evil.example/',
    '   //evil.example/',
    // A backslash is a slash in http(s) URLs.
    '/\\evil.example/',
    '\\\\evil.example/',
    '/\\\\evil.example/',
    '\\/evil.example/',
    '//evil.example/',
    '///evil.example/',
    // Dot segments can collapse into a scheme-relative path.
    '/.//evil.example/',
    '/a/..//evil.example/',
    // Other origins, schemes and hosts.
    'https://evil.example/',
    'https:evil.example',
    'http://localhost:3001/',
    '//localhost:3000@evil.example/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https:',
    '',
  ])('refuses %j', (value) => {
    expect(next(value)).toBe('/fallback');
  });

  it('refuses a missing value', () => {
    expect(next(null)).toBe('/fallback');
    expect(safeNext(undefined, '/fallback', ORIGIN)).toBe('/fallback');
  });

  it.each([
    ['/workspaces', '/workspaces'],
    ['/w/acme?c=1#m-2', '/w/acme?c=1#m-2'],
    // Same origin written in full: only its path is kept.
    [`${ORIGIN}/w/acme`, '/w/acme'],
    // Encoded controls and slashes stay encoded: they are path characters, not separators.
    ['/%09/evil.example/', '/%09/evil.example/'],
    ['/%0A/evil.example/', '/%0A/evil.example/'],
    ['/%2F/evil.example/', '/%2F/evil.example/'],
    ['/%5C/evil.example/', '/%5C/evil.example/'],
    // Unicode look-alikes of a slash are ordinary characters of a path on this origin.
    ['/\uff0f/evil.example/', '/%EF%BC%8F/evil.example/'],
    ['\u2215\u2215evil.example', '/%E2%88%95%E2%88%95evil.example'],
    // Other controls inside a path are encoded, not dropped.
    ['/\u0000/x', '/%00/x'],
    // Leading spaces are dropped by the parser; what remains is a path here.
    ['  /workspaces', '/workspaces'],
    ['/a/../b', '/b'],
    // `evil.example` is only a user name here; the host is this one, and only the path is kept.
    ['//evil.example@localhost:3000/w', '/w'],
  ])('keeps %j as %j', (value, expected) => {
    expect(next(value)).toBe(expected);
  });

  it('returns what stays on the origin wherever it is used as a link', () => {
    for (const value of ['/\t/evil.example/', '/.//evil.example/', '/w/acme', '/%2F%2Fevil.example']) {
      const result = next(value);
      expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
      expect(new URL(result, 'https://other.example/deep/page').origin).toBe('https://other.example');
    }
  });

  it('uses a fixed origin where no page exists (server rendering)', () => {
    expect(safeNext('/w/acme')).toBe('/w/acme');
    expect(safeNext('/\t/evil.example/')).toBe('/workspaces');
  });
});
