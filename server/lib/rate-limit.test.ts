import { describe, expect, it } from 'vitest';
import { flood, limits } from '../../test/limits';
import { AppError } from './errors';

const retryAfter = async (p: Promise<unknown>) => {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError) || e.code !== 'TOO_MANY_REQUESTS') throw new Error('expected a 429');
  return e.details?.retryAfterSeconds;
};

describe('RateLimits', () => {
  it('admits 20 of 500 concurrent hits on a budget of 20', async () => {
    const rl = limits({ userPoints: 20 });
    const { admitted, errors } = await flood(500, () => rl.consume({ ip: '10.0.0.1', userId: 'u1' }));
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
    // Two a second: the bucket is full again when each block ends.
    const rl = limits({ ipPoints: 2, windowSeconds: 1, blockSeconds: 1 });
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

  it("holds a burst of its share of the window's points and refills at the window's rate", async () => {
    const rl = limits({ userPoints: 10, windowSeconds: 1, burstPercent: 30, blockSeconds: 1 });
    const k = { userId: 'bursty' };
    expect((await flood(20, () => rl.consume(k))).admitted).toBe(3);
    // The block is over and a whole window has passed: a fixed window would admit 10, the bucket 3.
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await flood(20, () => rl.consume(k))).admitted).toBe(3);
  });

  it('gives sign-in attempts their own per-IP budget', async () => {
    const rl = limits({ authPoints: 3 });
    const { admitted } = await flood(10, () => rl.consume({ ip: '10.0.0.4' }, 'auth'));
    expect(admitted).toBe(3);
    await expect(rl.consume({ ip: '10.0.0.5' }, 'auth')).resolves.toBeUndefined();
    await expect(rl.consume({ ip: '10.0.0.4' })).resolves.toBeUndefined();
  });

  it('gives widget visitors and new accounts their share of the user budget', async () => {
    const rl = limits({
      userPoints: 20,
      tiers: { visitorPercent: 25, newAccountPercent: 50, newAccountHours: 24 },
    });
    const admitted = async (userId: string, person: Parameters<typeof rl.consume>[0]['person']) =>
      (await flood(60, () => rl.consume({ userId, person }))).admitted;
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    expect(await admitted('visitor', { visitor: true })).toBe(5);
    expect(await admitted('fresh', { visitor: false, createdAt: new Date() })).toBe(10);
    expect(await admitted('settled', { visitor: false, createdAt: twoDaysAgo })).toBe(20);
    // As a socket's data arrives from another node: the date as text.
    expect(await admitted('settled-text', { visitor: false, createdAt: twoDaysAgo.toISOString() })).toBe(20);
    // An API key (no person) has the full budget.
    expect(await admitted('key:1', undefined)).toBe(20);
  });

  it("multiplies a workspace's budget by its tier, each tier counted on its own", async () => {
    const rl = limits({ workspacePoints: 10 });
    const admitted = async (workspaceId: string, tier?: 'standard' | 'raised' | 'high') =>
      (await flood(100, () => rl.consume({ workspaceId, tier }))).admitted;
    expect(await admitted('W1')).toBe(10);
    expect(await admitted('W2', 'raised')).toBe(20);
    expect(await admitted('W3', 'high')).toBe(40);
  });

  it('spends the global budget on calls in no workspace, and never on calls in one', async () => {
    const rl = limits({ globalPoints: 30 });
    // Many addresses and people: only the global budget can refuse them.
    let i = 0;
    const { admitted } = await flood(100, () => {
      i += 1;
      return rl.consume({ ip: `10.9.0.${i}`, userId: `anon${i}`, global: true });
    });
    expect(admitted).toBe(30);
    await expect(rl.consume({ ip: '10.9.1.1', global: true })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    // A workspace's calls draw on the workspace's budget: the spent global one does not touch them.
    const inWorkspace = await flood(50, () =>
      rl.consume({ ip: '10.9.1.2', userId: 'member', workspaceId: 'W' }),
    );
    expect(inWorkspace.admitted).toBe(50);
  });
});
