import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageOutput } from '../../domain/message/schemas';
import { startClusterProcess, type ClusterProcess } from '../../test-utils/cluster-process';
import type { Client } from '../../test-utils/sockets';

// kill -9 of one node of three (real processes: `ENCLAVE_NODES=3` as npm start runs it) under a
// steady send load. Each client behaves as the shipped one does: a send stays in its outbox with
// its clientMsgId until acknowledged, and goes out again after a reconnect; after every (re)connect
// it syncs from the highest seq it holds without a gap.

const CLIENTS = 6;
const LOAD_MS = 4_000;
const ACK_MS = 5_000;
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

async function signUp(url: string, name: string) {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const body = await json<{ token: string }>(
    await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
      body: JSON.stringify({ email, password: `pw-${crypto.randomUUID()}`, name }),
    }),
  );
  return body.token;
}

const trpc = async <T>(
  url: string,
  token: string,
  proc: string,
  input: unknown,
  mutation = false,
): Promise<T> => {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const res = mutation
    ? await fetch(`${url}/api/trpc/${proc}`, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return (await json<{ result: { data: T } }>(res)).result.data;
};

interface SyncPage {
  messages: MessageOutput[];
  lastSeq: number;
  lastRev: number;
  hasMore: boolean;
}

interface Sim {
  socket: Client;
  /** Sent, not acknowledged yet: clientMsgId → body. */
  outbox: Map<string, string>;
  acked: Map<string, MessageOutput>;
  /** What it holds: seq → message id. */
  held: Map<number, string>;
  duplicates: number;
  reconnects: number;
  send(clientMsgId: string, body: string): void;
}

describe('kill -9 of one node under load', () => {
  it('loses and doubles nothing: acknowledged sends stored once, clients reconnect and sync without gaps', async () => {
    const url = cluster.url;
    const token = await signUp(url, 'Owner');
    const ws = await trpc<{ id: string }>(url, token, 'workspace.create', { name: 'Killed' }, true);
    const general = (await trpc<{ id: string }[]>(url, token, 'channel.list', { workspaceId: ws.id }))[0]!;
    const ref = { workspaceId: ws.id, conversationId: general.id };

    const sims: Sim[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const socket: Client = io(url, {
        transports: ['websocket'],
        auth: { token },
        forceNew: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      const sim: Sim = {
        socket,
        outbox: new Map(),
        acked: new Map(),
        held: new Map(),
        duplicates: 0,
        reconnects: -1,
        send: (clientMsgId, body) => send(clientMsgId, body),
      };
      const hold = (m: MessageOutput) => {
        const had = sim.held.get(m.seq);
        if (had !== undefined && had !== m.id) throw new Error(`seq ${m.seq} names two messages`);
        sim.held.set(m.seq, m.id);
      };
      const contiguous = () => {
        let n = 0;
        while (sim.held.has(n + 1)) n++;
        return n;
      };
      const send = (clientMsgId: string, body: string) => {
        void (socket.timeout(ACK_MS).emitWithAck as (e: string, p: unknown) => Promise<unknown>)(
          'message:send',
          {
            ...ref,
            clientMsgId,
            body,
          },
        ).then(
          (raw) => {
            const ack = raw as { ok: boolean; data?: { message: MessageOutput; duplicate: boolean } };
            if (!ack.ok || !ack.data) return;
            if (ack.data.duplicate) sim.duplicates++;
            sim.outbox.delete(clientMsgId);
            sim.acked.set(clientMsgId, ack.data.message);
            hold(ack.data.message);
          },
          () => undefined, // lost with its connection: it stays in the outbox
        );
      };
      let syncing: Promise<void> | null = null;
      let again = false;
      // Catch up from the end of what is held without a gap, page by page.
      let lastRev = 0;
      const catchUp = async () => {
        let cursor = { lastSeq: contiguous(), lastRev };
        for (;;) {
          // Every request has a timeout, as the shipped client's: an ack lost with its node never comes.
          const timed = socket.timeout(ACK_MS);
          const emit = timed.emitWithAck.bind(timed) as unknown as (
            e: string,
            p: unknown,
          ) => Promise<unknown>;
          const raw = (await emit('sync', {
            workspaceId: ws.id,
            conversations: [{ conversationId: general.id, ...cursor }],
            limit: 100,
          })) as { ok: boolean; data?: { conversations: SyncPage[] } };
          const c = raw.data?.conversations[0];
          if (!c) return;
          c.messages.forEach(hold);
          cursor = { lastSeq: c.lastSeq, lastRev: c.lastRev };
          lastRev = Math.max(lastRev, c.lastRev);
          if (!c.hasMore) return;
        }
      };
      const sync = () => {
        if (syncing) {
          again = true;
          return;
        }
        syncing = catchUp()
          .catch(() => undefined)
          .finally(() => {
            syncing = null;
            if (again) {
              again = false;
              sync();
            }
          });
      };
      socket.on('message:new', (m) => {
        hold(m);
        // A seq past the next one means events were missed (their node died before it published).
        if (m.seq > contiguous() + 1) sync();
      });
      socket.on('connect', () => {
        sim.reconnects++;
        void (async () => {
          await socket.timeout(ACK_MS).emitWithAck('channel:join', ref);
          sync();
          await syncing;
          for (const [id, body] of sim.outbox) send(id, body);
        })().catch(() => undefined); // the connection went meanwhile: the next one does it
      });
      sims.push(sim);
    }
    await expect.poll(() => sims.every((s) => s.socket.connected), { timeout: 10_000 }).toBe(true);

    let k = 0;
    const load = setInterval(() => {
      for (const s of sims) {
        if (!s.socket.connected) continue;
        const id = crypto.randomUUID();
        const body = `m${k++}`;
        s.outbox.set(id, body);
        s.send(id, body);
      }
    }, 40);
    await new Promise((r) => setTimeout(r, LOAD_MS / 2));
    const victims = cluster.nodes();
    expect(victims).toHaveLength(3);
    process.kill(victims[0]!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, LOAD_MS / 2));
    clearInterval(load);

    // Everything written goes out again until acknowledged; then everyone has caught up.
    await expect
      .poll(() => sims.every((s) => s.socket.connected && s.outbox.size === 0), {
        timeout: 20_000,
        interval: 200,
      })
      .toBe(true);
    const history: MessageOutput[] = [];
    for (;;) {
      const page = await trpc<{ messages: MessageOutput[]; hasMoreAfter: boolean }>(
        url,
        token,
        'message.history',
        {
          ...ref,
          limit: 100,
          after: history.at(-1)?.seq ?? 0,
        },
      );
      history.push(...page.messages);
      if (!page.hasMoreAfter || page.messages.length === 0) break;
    }
    const seqs = history.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const acked = sims.flatMap((s) => [...s.acked.values()]);
    expect(acked.length).toBe(k);
    const stored = new Map(history.map((m) => [m.clientMsgId, m]));
    expect(stored.size).toBe(history.length);
    for (const a of acked) expect(stored.get(a.clientMsgId)?.id).toBe(a.id);
    expect(history.length).toBe(acked.length);
    // Some clients were on the killed node: they reconnected elsewhere.
    expect(sims.some((s) => s.reconnects > 0)).toBe(true);
    // Every client holds seq 1..N, each naming the stored message.
    await expect
      .poll(() => sims.map((s) => s.held.size), { timeout: 10_000 })
      .toEqual(sims.map(() => history.length));
    for (const s of sims) for (const m of history) expect(s.held.get(m.seq)).toBe(m.id);
    for (const s of sims) s.socket.close();
  }, 120_000);
});
