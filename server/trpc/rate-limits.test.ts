import { afterEach, describe, expect, it } from 'vitest';
import { callerFor, signUp, testMeta } from '../../test/actors';
import { flood, limits } from '../../test/limits';
import { setRateLimits } from '../../test/runtime';

// The limits of server/lib/rate-limit.ts as procedures meet them: per user, and per workspace.

afterEach(() => setRateLimits(undefined));

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
