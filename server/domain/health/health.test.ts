import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/factories';
import { useNodes, useRedis } from '../../../test/nodes';
import { connect } from '../../../test/sockets';
import { healthOutput } from './schemas';

// The workspace health report over REST, on two nodes sharing one Redis: sockets counted on the
// node that holds them, Redis and the audit chain's checkpoint named when they go wrong, and the
// report for admins only. Checkpoints are due every second here and no job queue runs, so a
// workspace's entries go overdue by themselves.

const redis = useRedis();
const [a, b] = useNodes(redis, ['health-a', 'health-b'], {
  env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const healthOf = async (node: { url: string }, workspaceId: string, token: string) => {
  const r = await fetch(`${node.url}/api/v1/workspaces/${workspaceId}/health`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: r.status, body: (await r.json()) as unknown };
};

describe('workspace health', () => {
  it('counts the workspace’s sockets on each node and reports the policy version, for admins only', async () => {
    const ws = await workspaceWith({ member: 1 }, { name: `Health ${randomUUID().slice(0, 8)}` });
    const other = await workspaceWith({}, { name: `Elsewhere ${randomUUID().slice(0, 8)}` });
    await connect(a.url, { token: ws.owner.token });
    await connect(a.url, { token: ws.member[0].token });
    await connect(b.url, { token: ws.member[0].token });
    // Sockets of another workspace are not this one's.
    await connect(b.url, { token: other.owner.token });
    const policy = await ws.api.admin.policy({ workspaceId: ws.id });

    const { status, body } = await healthOf(b, ws.id, ws.owner.token);
    expect(status).toBe(200);
    const h = healthOutput.parse(body);
    expect(h.sockets).toEqual({
      total: 3,
      nodes: [
        { node: 'health-a', sockets: 2 },
        { node: 'health-b', sockets: 1 },
      ],
      everyNode: true,
    });
    expect(h.redis).toEqual({ mode: 'cluster', connected: true });
    expect(h.jobs).toEqual({ running: false, queued: null });
    expect(h.messaging.database).toBe('ok');
    expect(h.policy.version).toBe(policy.version);
    expect(h.lockdown).toBeNull();
    expect(BigInt(h.audit.headSeq)).toBeGreaterThan(0n);
    expect(h.audit).toMatchObject({ checkpointAgeSeconds: null, intervalSeconds: 1 });

    const member = await healthOf(a, ws.id, ws.member[0].token);
    expect(member.status).toBe(403);
    expect(JSON.stringify(member.body)).not.toContain('sockets');
    // The other workspace's owner learns nothing of this one.
    expect((await healthOf(a, ws.id, other.owner.token)).status).toBe(404);
  });

  it('names audit entries left without a checkpoint, and a node cut off from Redis', async () => {
    const ws = await workspaceWith({}, { name: `Overdue ${randomUUID().slice(0, 8)}` });
    const fresh = healthOutput.parse((await healthOf(a, ws.id, ws.owner.token)).body);
    expect(fresh).toMatchObject({ status: 'ok', problems: [] });

    await sleep(2500);
    const late = healthOutput.parse((await healthOf(a, ws.id, ws.owner.token)).body);
    expect(late.status).toBe('degraded');
    expect(late.problems).toEqual([
      expect.stringMatching(
        /^Audit entries have waited \d seconds for a checkpoint \(one is signed every 1 second\); is the job queue running\?$/,
      ),
    ]);

    await connect(a.url, { token: ws.owner.token });
    await connect(b.url, { token: ws.owner.token });
    await redis.kill();
    try {
      // A socket that comes while Redis is away cannot be counted in presence; that is logged, and
      // used to be an unhandled rejection (which ends a Node process).
      await connect(a.url, { token: ws.owner.token });
      const raw = await healthOf(a, ws.id, ws.owner.token);
      const cut = healthOutput.parse(raw.body);
      expect(cut.redis).toEqual({ mode: 'cluster', connected: false });
      expect(cut.problems).toContainEqual(
        'Node health-a cannot reach Redis: people connected to other nodes miss its messages until it does.',
      );
      // Node b's socket cannot be counted from a; a's own still is, and the report says so.
      expect(cut.sockets).toEqual({ total: 2, nodes: [{ node: 'health-a', sockets: 2 }], everyNode: false });
      expect(cut.problems).toContainEqual(
        "Only node health-a's sockets are counted: the other nodes did not answer.",
      );
      // The console's Connections page used to fail the same way (500) while Redis was away.
      const listed = await fetch(`${a.url}/api/v1/workspaces/${ws.id}/admin/connections`, {
        headers: { authorization: `Bearer ${ws.owner.token}` },
      });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toMatchObject([{ userId: ws.owner.userId, sockets: 2 }]);
    } finally {
      await redis.start();
    }
  });
});
