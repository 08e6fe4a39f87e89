import { afterEach, describe, expect, it } from 'vitest';
import { callerFor, signUp, testMeta } from '../../test/actors';
import { AppError } from './errors';
import { setRateLimits } from '../../test/runtime';
import { RateLimits, type RateLimitConfig } from './rate-limit';

const limits = (over: Partial<RateLimitConfig>) =>
  new RateLimits({
    userPoints: 100_000,
    workspacePoints: 100_000,
    ipPoints: 100_000,
    authPoints: 100_000,
    windowSeconds: 60,
    blockSeconds: 30,
    ...over,
  });

/** Runs all calls at once; returns how many were admitted and the errors of the others. */
async function flood(n: number, call: () => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: n }, call));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  return { admitted: n - errors.length, errors };
}

const retryAfter = async (p: Promise<unknown>) => {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError) || e.code !== 'TOO_MANY_REQUESTS') throw new Error('expected a 429');
  return e.details?.retryAfterSeconds;
};

afterEach(() => setRateLimits(undefined));

describe('RateLimits', () => {
  it('admits at most the limit out of 200 concurrent calls', async () => {
    const rl = limits({ userPoints: 20 });
    const { admitted, errors } = await flood(200, () => rl.consume({ ip: '10.0.0.1', userId: 'u1' }));
    expect(admitted).toBe(20);
    expect(errors.every((e) => e instanceof AppError && e.code === 'TOO_MANY_REQUESTS')).toBe(true);
  });

  it("keeps one workspace's flood away from another workspace", async () => {
    const rl = limits({ workspacePoints: 10 });
    const { admitted } = await flood(200, () =>
      rl.consume({ ip: '10.0.0.2', userId: 'u', workspaceId: 'A' }),
    );
    expect(admitted).toBe(10);
    await expect(rl.consume({ ip: '10.0.0.2', userId: 'u', workspaceId: 'B' })).resolves.toBeUndefined();
    await expect(rl.consume({ ip: '10.0.0.2', userId: 'u', workspaceId: 'A' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });

  it('blocks repeat offenders for longer each time, and a flood counts as one offence', async () => {
    const rl = limits({ ipPoints: 2, blockSeconds: 1 });
    const k = { ip: '10.0.0.3' };
    await rl.consume(k);
    await rl.consume(k);
    // 50 refused calls at once: one offence (1 s), not 50 (which would block for an hour).
    const { errors } = await flood(50, () => rl.consume(k));
    const retries = errors.map((e) => (e as AppError).details?.retryAfterSeconds);
    expect(retries).toHaveLength(50);
    expect(Math.max(...retries.map(Number))).toBe(1);

    await new Promise((r) => setTimeout(r, 1_100));
    await rl.consume(k);
    await rl.consume(k);
    expect(await retryAfter(rl.consume(k))).toBe(2); // second offence: twice as long
    expect(await retryAfter(rl.consume(k))).toBe(2); // refused during the block: no new offence

    await new Promise((r) => setTimeout(r, 2_100));
    await rl.consume(k);
    await rl.consume(k);
    expect(await retryAfter(rl.consume(k))).toBe(4);
  });

  it('gives sign-in attempts their own per-IP budget', async () => {
    const rl = limits({ authPoints: 3 });
    const { admitted } = await flood(10, () => rl.consume({ ip: '10.0.0.4' }, 'auth'));
    expect(admitted).toBe(3);
    await expect(rl.consume({ ip: '10.0.0.5' }, 'auth')).resolves.toBeUndefined();
    await expect(rl.consume({ ip: '10.0.0.4' })).resolves.toBeUndefined();
  });
});

describe('rate limits on tRPC procedures', () => {
  it('admits at most 20 of 200 concurrent calls by one user', async () => {
    const alice = await signUp('Limited');
    const api = await callerFor(alice);
    setRateLimits(limits({ userPoints: 20 }));
    const { admitted, errors } = await flood(200, () => api.workspace.listMine());
    expect(admitted).toBe(20);
    expect(errors.every((e) => (e as { code?: string }).code === 'TOO_MANY_REQUESTS')).toBe(true);
  });

  it("lets another workspace work while one workspace's budget is spent", async () => {
    const alice = await signUp('Flooder');
    const bob = await signUp('Bystander');
    const a = await callerFor(alice, testMeta({ ip: '10.1.0.1' }));
    const b = await callerFor(bob, testMeta({ ip: '10.1.0.2' }));
    const wsA = await a.workspace.create({ name: 'Flooded' });
    const wsB = await b.workspace.create({ name: 'Calm' });
    setRateLimits(limits({ workspacePoints: 15 }));

    const { admitted } = await flood(200, () => a.member.list({ workspaceId: wsA.id }));
    expect(admitted).toBe(15);
    await expect(a.member.list({ workspaceId: wsA.id })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const calm = await Promise.all(Array.from({ length: 10 }, () => b.member.list({ workspaceId: wsB.id })));
    expect(calm.every((m) => m.length === 1)).toBe(true);
  });
});
