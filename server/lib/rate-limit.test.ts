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
