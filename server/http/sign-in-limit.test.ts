import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { env } from '../env';
import { limits } from '../../test/limits';
import { setRateLimits } from '../../test/runtime';
import { callerFor, signUp, type TestUser } from '../../test/actors';
import { workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';

// Loopback is the proxy here, so X-Forwarded-For stands in for attackers on many addresses.
const app = useTestServer({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
// Three failures lock an account for 1 s, then 2 s, and never longer than 2 s.
beforeEach(() =>
  setRateLimits(limits({ signIn: { failures: 3, windowSeconds: 60, blockSeconds: 1, maxBlockSeconds: 2 } })),
);

let ip = 0;
/** Every attempt from another address: only the account's budget can stop them. */
const signIn = (email: string, password: string) =>
  fetch(`${app.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: env().APP_URL,
      'x-forwarded-for': `10.9.${Math.floor(++ip / 250)}.${ip % 250}`,
    },
    body: JSON.stringify({ email, password }),
  });

async function refusal(r: Response) {
  expect(r.status).toBe(429);
  const body = (await r.json()) as { message: string; data: { appCode: string } };
  expect(body.data.appCode).toBe('TOO_MANY_REQUESTS');
  return { retryAfter: r.headers.get('retry-after'), message: body.message };
}

const statuses = async (n: number, attempt: () => Promise<Response>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await attempt()).status);
  return out;
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sign-in limit per account', () => {
  let alice: TestUser;
  let bob: TestUser;
  let workspaceId: string;
  beforeAll(async () => {
    const ws = await workspaceWith({}, { name: 'Lock', owner: 'Locked Alice' });
    [alice, workspaceId] = [ws.owner, ws.id];
    bob = await signUp('Other Bob');
  });

  it('locks an account after failures from many addresses, the right password too, and not another account', async () => {
    // The address as typed in another case is the same account.
    const wrong = [alice.email, alice.email.toUpperCase(), alice.email];
    for (const email of wrong) expect((await signIn(email, 'wrong-password-1')).status).toBe(401);
    const locked = await refusal(await signIn(alice.email, 'wrong-password-1'));
    expect(locked.retryAfter).toBe('1');
    expect(locked.message).toMatch(/too many sign-in attempts/i);
    await refusal(await signIn(alice.email, alice.password));
    expect((await signIn(bob.email, bob.password)).status).toBe(200);

    // Failures before the lock are audited as before; refused attempts never reached a password check.
    const { items } = await (await callerFor(alice)).audit.list({ workspaceId, actorId: alice.userId });
    expect(items.filter((i) => i.action === 'auth.sign_in_failed')).toHaveLength(3);

    // The lock expires; the next one lasts twice as long, and the one after that no longer than the cap.
    await wait(1_100);
    expect((await signIn(alice.email, alice.password)).status).toBe(200);
    expect(await statuses(3, () => signIn(alice.email, 'wrong-password-2'))).toEqual([401, 401, 401]);
    expect((await refusal(await signIn(alice.email, alice.password))).retryAfter).toBe('2');
    await wait(2_100);
    expect(await statuses(3, () => signIn(alice.email, 'wrong-password-3'))).toEqual([401, 401, 401]);
    expect((await refusal(await signIn(alice.email, alice.password))).retryAfter).toBe('2');
  });

  it('starts the count again after a successful sign-in', async () => {
    const u = await signUp('Resets');
    const wrongTwice = () => statuses(2, () => signIn(u.email, 'wrong-password-4'));
    expect(await wrongTwice()).toEqual([401, 401]);
    expect((await signIn(u.email, u.password)).status).toBe(200);
    expect(await wrongTwice()).toEqual([401, 401]);
    expect((await signIn(u.email, u.password)).status).toBe(200);
  });

  it('answers an address with no account exactly as one that has an account', async () => {
    const ghost = `nobody-${Date.now()}@example.test`;
    const u = await signUp('Real');
    const refusalFor = async (email: string) => {
      expect(await statuses(3, () => signIn(email, 'wrong-password-5'))).toEqual([401, 401, 401]);
      return refusal(await signIn(email, 'wrong-password-5'));
    };
    expect(await refusalFor(ghost)).toEqual(await refusalFor(u.email));
  });

  it('counts parallel guesses: no more than the budget reach the password check', async () => {
    const u = await signUp('Parallel');
    const all = await Promise.all(Array.from({ length: 12 }, () => signIn(u.email, 'wrong-password-6')));
    const counts = all.reduce<Record<number, number>>(
      (m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ 401: 3, 429: 9 });
  });

  it('refuses a sign-in body that is not JSON, which would pass uncounted', async () => {
    const r = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env().APP_URL },
      body: new URLSearchParams({ email: bob.email, password: 'wrong-password-7' }).toString(),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ data: { appCode: 'BAD_REQUEST' } });
  });
});
