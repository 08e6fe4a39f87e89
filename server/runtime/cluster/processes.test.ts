import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageOutput } from '../../domain/message/schemas';
import { clientTransports } from '../../../shared/socket-transports';
import { openBrowserSockets } from '../../../test/browser-sockets';
import { startClusterProcess, type ClusterProcess } from '../../../test/cluster-process';
import { authHeader, trpcHttp } from '../../../test/http';
import { pgCtl } from '../../../test/process';
import { SimClient } from '../../../test/sim-client';

// Real node processes (`ENCLAVE_NODES=3` as npm start runs it, API-only, with their own
// PostgreSQL and Redis) under a steady send load from clients that behave as the shipped one does.

const CLIENTS = 6;
const LOAD_MS = 4_000;
let cluster: ClusterProcess;

beforeAll(async () => {
  cluster = await startClusterProcess(3);
}, 150_000);
afterAll(async () => {
  await cluster?.stop();
}, 60_000);

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function trpc<T>(token: string, proc: string, input: unknown, mutation = false): Promise<T> {
  const res = await trpcHttp(cluster.url, proc, input, { query: !mutation, headers: authHeader({ token }) });
  return (await json<{ result: { data: T } }>(res)).result.data;
}

/** A fresh owner and workspace, and its general channel. */
async function fixture(name: string) {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${crypto.randomUUID()}`;
  const post = (path: string, body: unknown) =>
    fetch(`${cluster.url}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
      body: JSON.stringify(body),
    });
  await json(await post('sign-up/email', { email, password, name }));
  const { token } = await json<{ token: string }>(await post('sign-in/email', { email, password }));
  const ws = await trpc<{ id: string }>(token, 'workspace.create', { name }, true);
  const general = (await trpc<{ id: string }[]>(token, 'channel.list', { workspaceId: ws.id }))[0]!;
  return { token, ref: { workspaceId: ws.id, conversationId: general.id } };
}

/** Load from every client until `during` is done, then everything written is acknowledged. */
async function underLoad(sims: SimClient[], during: () => Promise<void>) {
  await expect.poll(() => sims.every((s) => s.socket.connected), { timeout: 10_000 }).toBe(true);
  let n = 0;
  const load = setInterval(() => sims.forEach((s) => s.socket.connected && s.write(`m${n++}`)), 40);
  await new Promise((r) => setTimeout(r, LOAD_MS / 2));
  await during();
  await new Promise((r) => setTimeout(r, LOAD_MS / 2));
  clearInterval(load);
  await expect
    .poll(() => sims.every((s) => s.socket.connected && s.outbox.size === 0), {
      timeout: 20_000,
      interval: 200,
    })
    .toBe(true);
  return n;
}

async function historyOf(token: string, ref: { workspaceId: string; conversationId: string }) {
  const all: MessageOutput[] = [];
  for (;;) {
    const page = await trpc<{ messages: MessageOutput[]; hasMoreAfter: boolean }>(token, 'message.history', {
      ...ref,
      limit: 100,
      after: all.at(-1)?.seq ?? 0,
    });
    all.push(...page.messages);
    if (!page.hasMoreAfter || page.messages.length === 0) return all;
  }
}

/** Every acknowledged send stored once under its id, seqs 1..N, and every client holding 1..N. */
async function expectNothingLostOrDoubled(sims: SimClient[], written: number, history: MessageOutput[]) {
  expect(history.map((m) => m.seq)).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));
  const acked = sims.flatMap((s) => [...s.acked.values()]);
  expect(acked.length).toBe(written);
  expect(history.length).toBe(written);
  const stored = new Map(history.map((m) => [m.clientMsgId, m]));
  expect(stored.size).toBe(history.length);
  for (const a of acked) expect(stored.get(a.clientMsgId)?.id).toBe(a.id);
  await expect
    .poll(() => sims.map((s) => s.held.size), { timeout: 10_000 })
    .toEqual(sims.map(() => history.length));
  for (const s of sims) for (const m of history) expect(s.held.get(m.seq)).toBe(m.id);
}

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe('a browser on three nodes', () => {
  // node:cluster hands each TCP connection to the next node; a long-polling session is many
  // requests over several connections, so it only works when they all reach one node.
  it('opens its sockets as the shipped clients do: each stays on one node, none drops', async () => {
    const { token, ref } = await fixture('Browser');
    const page = await openBrowserSockets(cluster.url, token, ref, 9, clientTransports());
    const sender = new SimClient(cluster.url, token, ref);
    try {
      const all = async (ok: (s: Awaited<ReturnType<typeof page.stats>>[number]) => boolean) =>
        (await page.stats()).every(ok);
      // On failure, what each socket saw (its transport, errors) says why.
      await expect
        .poll(() => all((s) => s.joined), { timeout: 15_000 })
        .toBe(true)
        .catch(async (e: unknown) => {
          process.stderr.write(`${JSON.stringify(await page.stats())}\n`);
          throw e;
        });
      sender.write('to every socket in the browser');
      await expect.poll(() => sender.acked.size, { timeout: 10_000 }).toBe(1);
      const sent = [...sender.acked.values()][0]!;
      await expect.poll(() => all((s) => s.received.includes(sent.id)), { timeout: 10_000 }).toBe(true);
      // A while longer: a polling session whose requests reach another node is dropped by then.
      await new Promise((r) => setTimeout(r, 3_000));
      const stats = await page.stats();
      expect(stats.map((s) => [s.connects, s.drops, s.transport])).toEqual(
        stats.map(() => [1, 0, 'websocket']),
      );
    } finally {
      sender.socket.close();
      await page.close();
    }
  }, 60_000);
});

describe('one node of three, under load', () => {
  it('kill -9: acknowledged sends stored once; clients reconnect elsewhere and sync without gaps', async () => {
    const { token, ref } = await fixture('Killed');
    const sims = Array.from({ length: CLIENTS }, () => new SimClient(cluster.url, token, ref));
    const written = await underLoad(sims, () => {
      const nodes = cluster.nodes();
      expect(nodes).toHaveLength(3);
      process.kill(nodes[0]!, 'SIGKILL');
      return Promise.resolve();
    });
    await expectNothingLostOrDoubled(sims, written, await historyOf(token, ref));
    // Some clients were on the killed node: they connected again, to another.
    expect(sims.some((s) => s.connects > 1)).toBe(true);
    sims.forEach((s) => s.socket.close());
  }, 120_000);

  it('graceful drain (SIGTERM): in-flight sends acknowledged, clients move, the node exits within 10 s', async () => {
    // The node killed above has been started again and listens.
    await cluster.allListening();
    const { token, ref } = await fixture('Drained');
    const sims = Array.from({ length: CLIENTS }, () => new SimClient(cluster.url, token, ref));
    let exitMs = Infinity;
    let newcomer: SimClient | undefined;
    const written = await underLoad(sims, async () => {
      const [node] = cluster.nodes();
      const t0 = Date.now();
      process.kill(node!, 'SIGTERM');
      // New connections meanwhile are taken by the other nodes.
      newcomer = new SimClient(cluster.url, token, ref);
      await expect.poll(() => newcomer?.socket.connected, { timeout: 5_000 }).toBe(true);
      await expect.poll(() => alive(node!), { timeout: 10_000, interval: 50 }).toBe(false);
      exitMs = Date.now() - t0;
    });
    expect(exitMs).toBeLessThan(10_000);
    // Nothing the draining node had received (and stored) went unanswered. What was still on the
    // wire when it closed is sent again by its client, and stored for the first time.
    expect(sims.reduce((sum, s) => sum + s.storedButUnanswered, 0)).toBe(0);
    expect(sims.some((s) => s.connects > 1)).toBe(true);
    await expectNothingLostOrDoubled(sims, written, await historyOf(token, ref));
    for (const s of [...sims, newcomer]) s?.socket.close();
  }, 120_000);

  it('PostgreSQL restarted in immediate mode: no node exits, ready again within 10 s, nothing lost', async () => {
    await cluster.allListening();
    const { token, ref } = await fixture('Restarted');
    const sims = Array.from({ length: CLIENTS }, () => new SimClient(cluster.url, token, ref));
    const before = cluster.nodes().sort();
    let readyMs = Infinity;
    const written = await underLoad(sims, async () => {
      const pgDir = path.join(cluster.dataDir, 'pg');
      await pgCtl(pgDir, ['stop', '-m', 'immediate', '-w']);
      await expect.poll(async () => (await fetch(`${cluster.url}/api/ready`)).status).toBe(503);
      await new Promise((r) => setTimeout(r, 1_500));
      // An operator starts it again (restart reuses the options it ran with; -l: its output goes to
      // a file, not to a pipe that pg_ctl would wait on).
      await pgCtl(pgDir, ['restart', '-m', 'immediate', '-w', '-l', path.join(pgDir, 'postgres.log')]);
      const back = Date.now();
      // Every node answers ready again (node:cluster spreads the checks over them).
      await expect
        .poll(
          async () => {
            const codes = await Promise.all(
              Array.from({ length: 6 }, async () => (await fetch(`${cluster.url}/api/ready`)).status),
            );
            return codes.every((c) => c === 200);
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      readyMs = Date.now() - back;
    });
    expect(readyMs).toBeLessThan(10_000);
    const after = cluster.nodes().sort();
    if (after.join() !== before.join()) process.stderr.write(cluster.output().slice(-6000));
    expect(after).toEqual(before);
    // The outage was felt: sends were refused for a while, then went through.
    expect(sims.reduce((sum, s) => sum + s.refused, 0)).toBeGreaterThan(0);
    await expectNothingLostOrDoubled(sims, written, await historyOf(token, ref));
    sims.forEach((s) => s.socket.close());
  }, 120_000);
});
