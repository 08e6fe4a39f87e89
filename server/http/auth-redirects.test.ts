import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
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

describe('redirect parameters of /api/auth links', () => {
  const app = useTestServer();

  const get = (path: string) => fetch(`${app.url}${path}`, { redirect: 'manual' });

  it('refuses a callbackURL that leaves the site, with a typed 400 and no redirect', async () => {
    for (const cb of [
      '/.//evil.example/',
      '//evil.example/',
      'https://evil.example/',
      '/%09/evil.example/',
    ]) {
      for (const path of [
        `/api/auth/verify-email?token=not-a-token&callbackURL=${cb}`,
        `/api/auth/reset-password/not-a-token?callbackURL=${cb}`,
        `/api/auth/verify-email?token=not-a-token&callbackURL=%2F&errorCallbackURL=${cb}`,
      ]) {
        const r = await get(path);
        expect(r.status, path).toBe(400);
        expect(r.headers.get('location'), path).toBeNull();
        const body = (await r.json()) as { data: { appCode: string } };
        expect(body.data.appCode).toBe('BAD_REQUEST');
      }
    }
  });

  it('still follows a callbackURL on this site', async () => {
    const r = await get('/api/auth/verify-email?token=not-a-token&callbackURL=%2Fsign-in');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/sign-in?error=INVALID_TOKEN');
  });
});
