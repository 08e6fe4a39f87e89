import { describe, expect, it } from 'vitest';
import { testMeta, bearer } from '../../../test/actors';
import { useNodes, useRedis } from '../../../test/nodes';
import { workspaceWith } from '../../../test/factories';
import { authPost } from '../../../test/http';
import { limits } from '../../../test/limits';
import { collect, connect, nextDisconnect, nextEvent, signUp, type Client } from '../../../test/sockets';
import { createContext } from '../../trpc/context';
import { createCaller } from '../../trpc/root';
import type { Ack, ClientToServerEvents } from '../../realtime/types';
import type { Runtime } from '..';

// Two nodes of one deployment in this process: each its own runtime (caches, presence, limits,
// Socket.IO server) on the one database, joined by a real redis-server. Whatever crosses from A to
// B here crosses through Redis, as between two machines.

const WITHIN_MS = 2000;
const redis = useRedis();
const [a, b] = useNodes(redis, ['node-a', 'node-b'], {
  env: { REALTIME_SESSION_CHECK_SECONDS: '3600', SESSION_CACHE_SECONDS: '30' },
});

const callerOn = async (rt: Runtime, u: { token: string }) =>
  createCaller(await createContext({ rt, headers: bearer(u.token), meta: testMeta() }));

async function team(name: string) {
  const ws = await workspaceWith({ member: [`${name} member`] }, { name });
  return { owner: ws.owner, member: ws.member[0], workspaceId: ws.id, conversationId: ws.general.id };
}

type Event = keyof ClientToServerEvents;
type AckData<E extends Event> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (res: Ack<infer T>) => void ? T : never;

/** Emits and waits for the ack, typed by the event map. */
async function ask<E extends Event>(
  c: Client,
  event: E,
  input: Parameters<ClientToServerEvents[E]>[0],
): Promise<Ack<AckData<E>>> {
  const emit = c.emitWithAck.bind(c) as unknown as (e: E, i: unknown) => Promise<Ack<AckData<E>>>;
  return emit(event, input);
}

async function joined(c: Client, workspaceId: string, conversationId: string) {
  const ack = await ask(c, 'channel:join', { workspaceId, conversationId });
  expect(ack).toMatchObject({ ok: true });
}

describe('two nodes on one Redis', () => {
  it('a message sent through A reaches a socket on B, once', async () => {
    const t = await team('Relay');
    const onA = await connect(a.url, { token: t.owner.token });
    const onB = await connect(b.url, { token: t.member.token });
    await joined(onA, t.workspaceId, t.conversationId);
    await joined(onB, t.workspaceId, t.conversationId);
    const heard = collect(onB, 'message:new', 1000);
    const ack = await ask(onA, 'message:send', {
      workspaceId: t.workspaceId,
      conversationId: t.conversationId,
      body: 'across nodes',
      clientMsgId: crypto.randomUUID(),
    });
    expect(ack).toMatchObject({ ok: true });
    const got = await heard;
    expect(got.map((m) => m.body)).toEqual(['across nodes']);
  });

  it('typing crosses nodes, and the throttle is one for the deployment', async () => {
    const t = await team('Typing');
    const ownerA = await connect(a.url, { token: t.owner.token });
    const ownerB = await connect(b.url, { token: t.owner.token });
    const watcher = await connect(b.url, { token: t.member.token });
    for (const c of [ownerA, ownerB, watcher]) await joined(c, t.workspaceId, t.conversationId);
    const seen = collect(watcher, 'typing', 800);
    const ref = { workspaceId: t.workspaceId, conversationId: t.conversationId };
    expect(await ask(ownerA, 'typing', ref)).toMatchObject({ ok: true, data: { broadcast: true } });
    // The same person typing on their other device, on the other node, within the interval.
    expect(await ask(ownerB, 'typing', ref)).toMatchObject({ ok: true, data: { broadcast: false } });
    const events = await seen;
    expect(events.map((e) => e.userId)).toEqual([t.owner.userId]);
  });

  it('presence: a person connected only to B is online for A and for watchers on A', async () => {
    const t = await team('Presence');
    const watcher = await connect(a.url, { token: t.owner.token });
    const online = nextEvent(watcher, 'presence', 3000, (p) => p.userId === t.member.userId);
    const onB = await connect(b.url, { token: t.member.token });
    expect((await online).payload.status).toBe('online');
    const members = await (await callerOn(a.runtime, t.owner)).member.list({ workspaceId: t.workspaceId });
    expect(members.find((m) => m.userId === t.member.userId)?.online).toBe(true);
    const conns = await (
      await callerOn(a.runtime, t.owner)
    ).admin.connections({ workspaceId: t.workspaceId });
    expect(conns.find((c) => c.userId === t.member.userId)).toMatchObject({ sockets: 1, status: 'online' });

    // A second socket on A is not news; the last one gone (on B, then A) is, once.
    const second = await connect(a.url, { token: t.member.token });
    const changes = collect(watcher, 'presence', 1200);
    onB.close();
    await new Promise((r) => setTimeout(r, 300));
    second.close();
    const seen = (await changes).filter((p) => p.userId === t.member.userId);
    expect(seen.map((p) => p.status)).toEqual(['offline']);
  });

  it('read receipts cross nodes', async () => {
    const t = await team('Receipts');
    const reader = await connect(a.url, { token: t.member.token });
    const author = await connect(b.url, { token: t.owner.token });
    await joined(reader, t.workspaceId, t.conversationId);
    await joined(author, t.workspaceId, t.conversationId);
    const sent = await ask(author, 'message:send', {
      workspaceId: t.workspaceId,
      conversationId: t.conversationId,
      body: 'read me',
      clientMsgId: crypto.randomUUID(),
    });
    if (!sent.ok) throw new Error('send refused');
    const receipt = nextEvent(author, 'read', 3000, (p) => p.userId === t.member.userId);
    const marked = await ask(reader, 'read:mark', {
      workspaceId: t.workspaceId,
      conversationId: t.conversationId,
      seq: sent.data.message.seq,
    });
    expect(marked).toMatchObject({ ok: true });
    expect((await receipt).payload.lastReadSeq).toBe(sent.data.message.seq);
  });

  it('a sign-out on A cuts the session’s sockets on B within 2 s, and B forgets the cached session', async () => {
    const u = await signUp('Leaver');
    // B has checked (and cached, for 30 s here) the session once.
    expect((await fetch(`${b.url}/api/trpc/workspace.listMine`, { headers: bearer(u.token) })).status).toBe(
      200,
    );
    const onB = await connect(b.url, { token: u.token });
    const dropped = nextDisconnect(onB);
    const t0 = Date.now();
    await authPost(a.url, '/sign-out', u.token);
    const d = await dropped;
    expect(d.reason).toBe('io server disconnect');
    expect(d.at - t0).toBeLessThan(WITHIN_MS);
    await expect
      .poll(
        async () =>
          (await fetch(`${b.url}/api/trpc/workspace.listMine`, { headers: bearer(u.token) })).status,
        { timeout: WITHIN_MS },
      )
      .toBe(401);
  });

  it('an admin’s disconnect on A cuts the member’s sockets on B within 2 s', async () => {
    const t = await team('Cut');
    const onB = await connect(b.url, { token: t.member.token });
    const dropped = nextDisconnect(onB);
    const t0 = Date.now();
    const r = await (
      await callerOn(a.runtime, t.owner)
    ).admin.disconnect({
      workspaceId: t.workspaceId,
      userId: t.member.userId,
    });
    expect(r.disconnected).toBe(1);
    const d = await dropped;
    expect(d.at - t0).toBeLessThan(WITHIN_MS);
  });

  it('removing a member on A takes their sockets on B out of the workspace’s rooms', async () => {
    const t = await team('Removal');
    const onB = await connect(b.url, { token: t.member.token });
    await joined(onB, t.workspaceId, t.conversationId);
    const owner = await callerOn(a.runtime, t.owner);
    const send = (body: string) =>
      owner.message.send({
        workspaceId: t.workspaceId,
        conversationId: t.conversationId,
        clientMsgId: crypto.randomUUID(),
        body,
      });
    // While a member, B's socket hears what is sent on A.
    const before = nextEvent(onB, 'message:new', 3000);
    await send('before removal');
    expect((await before).payload.body).toBe('before removal');
    await owner.member.remove({ workspaceId: t.workspaceId, userId: t.member.userId });
    // Give the room change a moment to cross, then a message sent on A must not reach B's socket.
    await new Promise((r) => setTimeout(r, 300));
    const heard = collect(onB, 'message:new', 800);
    await send('after removal');
    expect(await heard).toEqual([]);
  });

  it('a workspace setting changed on A applies on B at once', async () => {
    const t = await team('Settings');
    const api = await callerOn(b.runtime, t.owner);
    const base = { workspaceId: t.workspaceId, conversationId: t.conversationId };
    const id = () => ({ clientMsgId: crypto.randomUUID() });
    const top = await api.message.send({ ...base, ...id(), body: 'top' });
    const reply = await api.message.send({ ...base, ...id(), body: 'reply', parentId: top.message.id });
    // One level of replies by default: B refuses (and has the settings cached now).
    await expect(
      api.message.send({ ...base, ...id(), body: 'deeper', parentId: reply.message.id }),
    ).rejects.toThrow();
    await (
      await callerOn(a.runtime, t.owner)
    ).workspace.update({
      workspaceId: t.workspaceId,
      settings: { replyDepth: 2 },
    });
    const deeper = await api.message.send({ ...base, ...id(), body: 'deeper', parentId: reply.message.id });
    expect(deeper.message.depth).toBe(2);
  });

  it('rate limits are one budget across nodes', async () => {
    a.runtime.rateLimits = limits({ userPoints: 5 }, a.runtime.cluster.redis ?? undefined);
    b.runtime.rateLimits = limits({ userPoints: 5 }, b.runtime.cluster.redis ?? undefined);
    const u = await signUp('Limited');
    const results: number[] = [];
    for (let i = 0; i < 8; i++) {
      const node = i % 2 === 0 ? a : b;
      results.push(
        (await fetch(`${node.url}/api/trpc/workspace.listMine`, { headers: bearer(u.token) })).status,
      );
    }
    expect(results.filter((s) => s === 200)).toHaveLength(5);
    expect(results.slice(5)).toEqual([429, 429, 429]);
  });

  it('the global budget of calls in no workspace is one across nodes', async () => {
    a.runtime.rateLimits = limits({ globalPoints: 6 }, a.runtime.cluster.redis ?? undefined);
    b.runtime.rateLimits = limits({ globalPoints: 6 }, b.runtime.cluster.redis ?? undefined);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const node = i % 2 === 0 ? a : b;
      // Anonymous: admitted calls are refused for want of a session (401), the rest by the budget.
      statuses.push((await fetch(`${node.url}/api/trpc/workspace.listMine`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429, 429, 429]);
  });
});

describe('a reconnect storm across nodes, with the offline grace time', () => {
  const PEOPLE = 40;
  const [c, d] = useNodes(redis, ['node-c', 'node-d'], { presenceGraceMs: 1500 });

  it('people who come back within the grace time (on another node) cost no presence deliveries', async () => {
    const crowd = await workspaceWith(
      { member: Array.from({ length: PEOPLE }, (_, i) => `Storm ${i}`) },
      { name: 'Storm', owner: 'Storm owner' },
    );
    const { owner, member: people, id: workspaceId } = crowd;
    const ids = new Set(people.map((p) => p.userId));
    const watcher = await connect(c.url, { token: owner.token });
    const arrivals = collect(watcher, 'presence', 2500);
    const first = await Promise.all(people.map((p) => connect(d.url, { token: p.token })));
    // Coming online is news once per person.
    expect((await arrivals).filter((e) => ids.has(e.userId)).length).toBe(PEOPLE);

    // Everyone drops (node D's network blips) and reconnects to node C at once.
    const storm = collect(watcher, 'presence', 3500);
    first.forEach((s) => s.close());
    const again = await Promise.all(people.map((p) => connect(c.url, { token: p.token })));
    const seen = (await storm).filter((e) => ids.has(e.userId));
    expect(seen).toEqual([]);
    const members = await (await callerOn(d.runtime, owner)).member.list({ workspaceId });
    expect(members.filter((m) => ids.has(m.userId) && m.online)).toHaveLength(PEOPLE);

    // One who does not come back is announced offline once the grace time has passed.
    const leaving = nextEvent(watcher, 'presence', 4000, (e) => e.userId === people[0]!.userId);
    const t0 = Date.now();
    again[0]!.close();
    const { payload, at } = await leaving;
    expect(payload.status).toBe('offline');
    expect(at - t0).toBeGreaterThanOrEqual(1400);
  });
});
