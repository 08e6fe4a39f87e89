import { describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app';
import { bearer, testMeta } from '../../../test/actors';
import { useNodes, useRedis } from '../../../test/nodes';
import { collect, connect, nextEvent, type Client } from '../../../test/sockets';
import { workspaceWith } from '../../../test/factories';
import { createContext } from '../../trpc/context';
import { createCaller } from '../../trpc/root';

// Redis goes away under two nodes and comes back empty (a crash, not a pause). Meanwhile each node
// serves its own sockets and says it is not ready; afterwards delivery between nodes resumes with
// no process restart, and presence is stated again.

const redis = useRedis();
const [a, b] = useNodes(redis, ['outage-a', 'outage-b'], {
  env: { REALTIME_SESSION_CHECK_SECONDS: '3600' },
});

const ready = async (app: RunningApp) => (await fetch(`${app.url}/api/ready`)).status;

async function send(c: Client, ref: { workspaceId: string; conversationId: string }, body: string) {
  const timed = c.timeout(5_000);
  const emit = timed.emitWithAck.bind(timed) as unknown as (
    e: string,
    p: unknown,
  ) => Promise<{ ok: boolean }>;
  return emit('message:send', { ...ref, body, clientMsgId: crypto.randomUUID() });
}

describe('Redis lost and back', () => {
  it('nodes keep serving their own sockets, report not-ready, and resume across nodes without a restart', async () => {
    const ws = await workspaceWith({ member: ['Outage member'] }, { name: 'Outage', owner: 'Outage owner' });
    const { owner, id: workspaceId } = ws;
    const [member] = ws.member;
    const conversationId = ws.general.id;
    const ref = { workspaceId, conversationId };
    const senderA = await connect(a.url, { token: owner.token, reconnection: true });
    const readerA = await connect(a.url, { token: member.token, reconnection: true });
    const readerB = await connect(b.url, { token: member.token, reconnection: true });
    for (const c of [senderA, readerA, readerB]) await c.emitWithAck('channel:join', ref);
    expect(await ready(a)).toBe(200);

    await redis.kill();
    await expect.poll(() => ready(a), { timeout: 5_000 }).toBe(503);
    expect((await (await fetch(`${a.url}/api/ready`)).json()) as unknown).toEqual({
      status: 'redis unavailable',
    });

    // Node A still takes sends and delivers them to its own sockets, at once.
    const local = nextEvent(readerA, 'message:new', 2_000);
    const during = await send(senderA, ref, 'while Redis is away');
    expect(during.ok).toBe(true);
    expect((await local).payload.body).toBe('while Redis is away');
    // Limits and presence reads fall back instead of failing the call.
    const api = createCaller(
      await createContext({ rt: a.runtime, headers: bearer(owner.token), meta: testMeta() }),
    );
    expect((await api.member.list({ workspaceId })).length).toBe(2);

    await redis.start();
    await expect.poll(() => ready(a), { timeout: 10_000 }).toBe(200);
    await expect.poll(() => ready(b), { timeout: 10_000 }).toBe(200);

    // Between nodes again, without restarting either.
    await expect
      .poll(
        async () => {
          const heard = collect(readerB, 'message:new', 700);
          await send(senderA, ref, 'after Redis returned');
          return (await heard).some((m) => m.body === 'after Redis returned');
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    // Presence was stated again into the empty Redis: the member (on both nodes) is online for B.
    const fromB = createCaller(
      await createContext({ rt: b.runtime, headers: bearer(owner.token), meta: testMeta() }),
    );
    await expect
      .poll(
        async () =>
          (await fromB.member.list({ workspaceId })).find((m) => m.userId === member.userId)?.online,
      )
      .toBe(true);

    // Nothing acknowledged was lost: the history holds the send made during the outage.
    const history = await api.message.history({ workspaceId, conversationId, limit: 100 });
    expect(history.messages.map((m) => m.body)).toContain('while Redis is away');
  });
});
