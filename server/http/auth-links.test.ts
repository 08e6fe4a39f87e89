import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';

// Where /api/auth links send the browser afterwards: only places on this site (staysOn()).

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
