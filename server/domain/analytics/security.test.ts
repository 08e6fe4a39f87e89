import { describe, expect, it } from 'vitest';
import { testMeta } from '../../../test/actors';
import { message, workspaceWith } from '../../../test/factories';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { recordSignIn } from '../audit/sign-in';

// The Security page's overview: the policy's hits per day by kind (and how many blocked), failed
// sign-ins, who was caught most, and lockdowns and quarantines on a timeline; for admins only.

useTestServer();
const today = new Date().toISOString().slice(0, 10);

describe('security analytics', () => {
  it('counts what the policy caught, failed sign-ins and the emergencies of the range', async () => {
    const ws = await workspaceWith(
      { admin: 1, member: ['Carla Cards', 'Ed Email'] },
      { name: 'Secure stats' },
    );
    const [carla, ed] = ws.member;
    const policy = await ws.api.admin.policy({ workspaceId: ws.id });
    const { version, updatedAt: _u, updatedBy: _b, ...rules } = policy;
    await ws.api.admin.setPolicy({
      ...rules,
      workspaceId: ws.id,
      expectedVersion: version,
      detectors: { ...rules.detectors, email: 'block' },
    });
    // Two masked cards by Carla, one refused address by Ed.
    await message(ws, ws.general, { author: carla, body: 'card 4111 1111 1111 1111' });
    await message(ws, ws.general, { author: carla, body: 'and 5555 5555 5555 4444' });
    await expect(message(ws, ws.general, { author: ed, body: 'mail ed@example.com' })).rejects.toThrow();
    await recordSignIn(testRuntime(), { ok: false, email: ed.email, userId: null, meta: testMeta() });
    await ws.api.admin.startLockdown({
      workspaceId: ws.id,
      mode: 'read_only',
      reason: 'Card leak',
      minutes: 5,
    });
    await ws.api.admin.liftLockdown({ workspaceId: ws.id });
    await ws.api.admin.quarantine({ workspaceId: ws.id, userId: ed.userId, reason: 'Phishing', minutes: 5 });

    const r = await ws.api.admin.securityAnalytics({ workspaceId: ws.id, from: today, to: today });
    expect(r.days).toEqual([
      { day: today, detector: 3, filter: 0, domain: 0, markup: 0, limit: 0, blocked: 1, failedSignIns: 1 },
    ]);
    expect(r.topFlagged).toEqual([
      { userId: carla.userId, name: 'Carla Cards', hits: 2 },
      { userId: ed.userId, name: 'Ed Email', hits: 1 },
    ]);
    expect(r.timeline).toMatchObject([
      { kind: 'lockdown', text: 'Read-only lockdown: Card leak' },
      { kind: 'quarantine', text: 'Ed Email in quarantine: Phishing' },
    ]);
    expect(r.totals).toEqual({
      hits: 3,
      blocked: 1,
      rateLimited: 0,
      failedSignIns: 1,
      lockdowns: 1,
      quarantines: 1,
    });

    // An empty range has every day, each empty; a member may not look.
    const quiet = await ws.api.admin.securityAnalytics({
      workspaceId: ws.id,
      from: '2026-01-01',
      to: '2026-01-07',
    });
    expect(quiet.days).toHaveLength(7);
    expect(quiet.totals.hits).toBe(0);
    await expect(
      carla.api.admin.securityAnalytics({ workspaceId: ws.id, from: today, to: today }),
    ).rejects.toThrow(/admin role/);
  });
});
