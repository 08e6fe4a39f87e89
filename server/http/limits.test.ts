import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';
import type { RateLimitConfig } from '../lib/rate-limit';
import { limits } from '../../test/limits';
import { setRateLimits } from '../../test/runtime';
import { signUp, type TestUser } from '../../test/actors';
import { useTestServer } from '../../test/server';

let user: TestUser;
// Loopback is the proxy here, so X-Forwarded-For can stand in for distinct clients.
const app = useTestServer({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
beforeAll(async () => {
  user = await signUp('Limits');
});
afterEach(() => setRateLimits(undefined));

const install = (over: Partial<RateLimitConfig>) => setRateLimits(limits(over));

const get = (path: string, ip: string) =>
  fetch(`${app.url}${path}`, {
    headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': ip },
  });

async function expect429(r: Response) {
  expect(r.status).toBe(429);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await r.json()) as unknown;
  // tRPC wraps a GET's error in { error: … }; REST and /api/auth do not.
  const err = (body as { error?: unknown }).error ?? body;
  expect(err).toMatchObject({ data: { appCode: 'TOO_MANY_REQUESTS' } });
  expect((err as { message?: string }).message).toMatch(/too many/i);
}

async function spend(n: number, call: () => Promise<Response>) {
  for (let i = 0; i < n; i++) expect((await call()).status).toBe(200);
}

describe('rate limits over HTTP', () => {
  it('answers /api/trpc with 429 and Retry-After once the per-IP budget is spent', async () => {
    install({ ipPoints: 3 });
    const call = (ip: string) => get('/api/trpc/workspace.listMine', ip);
    await spend(3, () => call('10.7.0.1'));
    await expect429(await call('10.7.0.1'));
    expect((await call('10.7.0.2')).status).toBe(200);
  });

  it('answers /api/v1 REST with 429 and Retry-After once the per-user budget is spent', async () => {
    install({ userPoints: 3 });
    await spend(3, () => get('/api/v1/workspaces', '10.7.1.1'));
    // The budget is the user's: another address does not help.
    await expect429(await get('/api/v1/workspaces', '10.7.1.2'));
  });

  it('limits /api/auth sign-in attempts per IP', async () => {
    install({ authPoints: 4 });
    const attempt = (ip: string) =>
      fetch(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: env().APP_URL, 'x-forwarded-for': ip },
        body: JSON.stringify({ email: user.email, password: 'guess-password-0' }),
      });
    for (let i = 0; i < 4; i++) expect((await attempt('10.7.2.1')).status).toBe(401);
    await expect429(await attempt('10.7.2.1'));
    // The right password does not get through a blocked address either.
    const right = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: env().APP_URL, 'x-forwarded-for': '10.7.2.1' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(right.status).toBe(429);
    expect((await attempt('10.7.2.2')).status).toBe(401);
  });
});
