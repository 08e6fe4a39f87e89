import { describe, expect, it } from 'vitest';
import { staysOn } from './auth-redirects';

const HERE = ['http://localhost:3999', 'https://app.example'];

describe('staysOn', () => {
  it.each([
    '/.//evil.example/',
    '/a/..//evil.example/',
    '//evil.example/',
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\\evil.example/',
    ' //evil.example/',
    'https://evil.example/',
    'javascript:alert(1)',
  ])('refuses %j', (value) => {
    expect(staysOn(value, HERE)).toBe(false);
  });

  it.each(['/', '/w/acme?x=1#m', 'http://localhost:3999/w', 'https://app.example/done', '/%2F/x'])(
    'keeps %j',
    (value) => {
      expect(staysOn(value, HERE)).toBe(true);
    },
  );
});
