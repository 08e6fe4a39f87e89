import { afterEach, describe, expect, it } from 'vitest';
import { callerFor, signUp, testMeta } from '../../test/actors';
import { superQuery } from '../../test/db';
import { widgetOn, widgetVisitor, workspaceWith } from '../../test/factories';
import { flood, limits } from '../../test/limits';
import { setRateLimits } from '../../test/runtime';

// The limits of server/lib/rate-limit.ts as procedures meet them: per user (at the person's tier),
// per workspace (at its policy's tier), and the global budget of calls in no workspace.

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

  it('gives new accounts and widget visitors a smaller budget than settled accounts', async () => {
    const ws = await workspaceWith();
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret });
    const fresh = await signUp('Fresh');
    const settled = await signUp('Settled');
    // Before its first call (the session cache keeps what it read).
    await superQuery(`UPDATE "user" SET created_at = now() - interval '3 days' WHERE id = $1`, [
      settled.userId,
    ]);
    setRateLimits(
      limits({ userPoints: 20, tiers: { visitorPercent: 25, newAccountPercent: 50, newAccountHours: 24 } }),
    );
    const asFresh = await callerFor(fresh, testMeta({ ip: '10.2.0.1' }));
    const asSettled = await callerFor(settled, testMeta({ ip: '10.2.0.2' }));
    const asVisitor = await callerFor(visitor, testMeta({ ip: '10.2.0.3' }));
    expect((await flood(60, () => asFresh.workspace.listMine())).admitted).toBe(10);
    expect((await flood(60, () => asSettled.workspace.listMine())).admitted).toBe(20);
    expect((await flood(60, () => asVisitor.widget.me({ workspaceId: ws.id }))).admitted).toBe(5);
  });

  it("multiplies a workspace's budget by the tier its admins chose, for that workspace only", async () => {
    const raised = await workspaceWith();
    const standard = await workspaceWith();
    const policy = await raised.api.admin.policy({ workspaceId: raised.id });
    const { version: _v, updatedAt: _u, updatedBy: _b, ...rules } = policy;
    await raised.api.admin.setPolicy({
      ...rules,
      workspaceId: raised.id,
      expectedVersion: policy.version,
      limits: { ...policy.limits, tier: 'raised' },
    });
    expect((await raised.api.admin.policy({ workspaceId: raised.id })).limits.tier).toBe('raised');
    setRateLimits(limits({ workspacePoints: 15 }));
    expect((await flood(100, () => raised.api.member.list({ workspaceId: raised.id }))).admitted).toBe(30);
    expect((await flood(100, () => standard.api.member.list({ workspaceId: standard.id }))).admitted).toBe(
      15,
    );
  });

  it('spends the global budget on calls outside workspaces, never on calls in one', async () => {
    const ws = await workspaceWith();
    setRateLimits(limits({ globalPoints: 25 }));
    const { admitted } = await flood(60, () => ws.api.workspace.listMine());
    expect(admitted).toBe(25);
    // Another address and no account: the global budget is spent for it too.
    const anonymous = await callerFor(null, testMeta({ ip: '10.3.0.9' }));
    await expect(anonymous.workspace.listMine()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const inside = await flood(40, () => ws.api.member.list({ workspaceId: ws.id }));
    expect(inside.admitted).toBe(40);
  });
});
