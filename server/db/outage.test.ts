import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalCode, retryRefusedHandshakes } from '../../components/client/socket-retry';
import type { Ack, AckData, ClientToServerEvents, ServerToClientEvents } from '../realtime/types';
import { trpcHttp } from '../../test/http';
import { embeddedDataDir, pgCtl, startServerProcess, type ServerProcess } from '../../test/process';
import { postmasterOf } from './pg-cluster';

// PostgreSQL stopped in immediate mode under a steady send load (sockets and tRPC) and started
// again by an operator, while the server process runs on: what every entry point answers in the
// window, whether anything acknowledged is lost, and whether clients come back by themselves.
const data = embeddedDataDir();
const pgDir = path.join(data.dataDir, 'pg');
let server: ServerProcess;
let token = '';
let workspaceId = '';
let conversationId = '';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: Client[] = [];

const url = (p: string) => `http://127.0.0.1:${server.port}${p}`;
const authz = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, done: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}\n${server.output().slice(-3000)}`);
    await sleep(50);
  }
}

interface TrpcAnswer<T> {
  status: number;
  retryAfter: string | null;
  data?: T;
  appCode?: string;
}
async function trpc<T>(
  proc: string,
  input: unknown,
  method: 'GET' | 'POST' = 'POST',
): Promise<TrpcAnswer<T>> {
  const r = await trpcHttp(url(''), proc, input, { query: method === 'GET', headers: authz() });
  const json = (await r.json()) as { result?: { data: T }; error?: { data?: { appCode?: string } } };
  return {
    status: r.status,
    retryAfter: r.headers.get('retry-after'),
    data: json.result?.data,
    appCode: json.error?.data?.appCode,
  };
}

const socketFor = (autoConnect = true) => {
  const s: Client = io(url(''), { transports: ['websocket'], auth: { token }, forceNew: true, autoConnect });
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServerProcess({
    DATA_DIR: data.dataDir,
    EMBEDDED_PG_PORT: String(await data.pgPort),
    RATE_LIMIT_USER_POINTS: '1000000',
    RATE_LIMIT_WORKSPACE_POINTS: '1000000',
    RATE_LIMIT_IP_POINTS: '1000000',
  });
  const account = { email: `outage-${Date.now()}@example.test`, password: 'Outage-Pass-1' };
  const post = (path: string, body: unknown) =>
    fetch(url(`/api/auth/${path}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('sign-up/email', { ...account, name: 'O' })).status).toBe(200);
  token = ((await (await post('sign-in/email', account)).json()) as { token: string }).token;
  workspaceId = (await trpc<{ id: string }>('workspace.create', { name: 'Outage' })).data!.id;
  conversationId = (await trpc<{ id: string }[]>('channel.list', { workspaceId }, 'GET')).data![0]!.id;
  // The workspace's first message creates its data key: once, before sends run side by side.
  const first = { workspaceId, conversationId, clientMsgId: 'first-message', body: 'first' };
  expect((await trpc('message.send', first)).status).toBe(200);
}, 150_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  data.remove();
});

interface Answer {
  via: 'trpc' | 'socket';
  ok: boolean;
  code?: string;
  status?: number;
  retryAfter?: string | number | null;
}

describe('a PostgreSQL restart under load', () => {
  it('answers 503/UNAVAILABLE with Retry-After, loses no acknowledged message, and clients recover', async () => {
    const answers: Answer[] = [];
    const acked = new Map<string, string>(); // clientMsgId → message id from the acknowledgement
    const loadSocket = socketFor();
    await until('the load socket connects', () => loadSocket.connected);

    const send = { workspaceId, conversationId };
    const viaTrpc = async (clientMsgId: string): Promise<Answer> => {
      const input = { ...send, clientMsgId, body: `m ${clientMsgId}` };
      const r = await trpc<{ message: { id: string } }>('message.send', input);
      if (r.data) acked.set(clientMsgId, r.data.message.id);
      return {
        via: 'trpc',
        ok: r.status === 200,
        status: r.status,
        code: r.appCode,
        retryAfter: r.retryAfter,
      };
    };
    const viaSocket = async (clientMsgId: string): Promise<Answer> => {
      const ack = (await loadSocket.emitWithAck('message:send', {
        ...send,
        clientMsgId,
        body: `m ${clientMsgId}`,
      })) as Ack<AckData<'message:send'>>;
      if (!ack.ok)
        return { via: 'socket', ok: false, code: ack.error.code, retryAfter: ack.error.retryAfterSeconds };
      acked.set(clientMsgId, ack.data.message.id);
      return { via: 'socket', ok: true };
    };
    // Three senders per transport send one message after another; a refused one is sent again with
    // the same client id after Retry-After, as a client does, until it is acknowledged.
    let stop = false;
    let abandon = false; // the test failed: stop retrying, the database may never come back
    const sender = async (via: 'trpc' | 'socket', k: number) => {
      try {
        for (let n = 0; !stop; n++) {
          const id = `${via}-${k}-${String(n).padStart(5, '0')}`;
          for (;;) {
            const a = await (via === 'trpc' ? viaTrpc(id) : viaSocket(id));
            answers.push(a);
            if (a.ok || a.code !== 'UNAVAILABLE' || abandon) break;
            await sleep(Number(a.retryAfter ?? 1) * 1000);
          }
          await sleep(10);
        }
      } catch (e) {
        // A lost connection is not an answer the server may give: its own output says why.
        throw new Error(
          `${via} sender ${k}: ${String(e)}\n--- the server's output:\n${server.output().slice(-3000)}`,
          {
            cause: e,
          },
        );
      }
    };
    const count = (via: string, ok: boolean) => answers.filter((a) => a.via === via && a.ok === ok).length;
    const senders = [0, 1, 2].flatMap((k) => [sender('trpc', k), sender('socket', k)]);
    try {
      await until('sends go through', () => count('trpc', true) > 20 && count('socket', true) > 20);

      await pgCtl(pgDir, ['stop', '-m', 'immediate', '-w']);
      // While it is down, a new socket is refused at the handshake as UNAVAILABLE and keeps trying
      // with the browser clients' retry policy.
      const late = socketFor(false);
      const refusals: string[] = [];
      late.on('connect_error', (err) => refusals.push(refusalCode(err)));
      const retry = retryRefusedHandshakes(late, { onGiveUp: (code) => refusals.push(`gave up: ${code}`) });
      late.connect();
      const probes: Record<string, { status: number; retryAfter: string | null }> = {};
      const probe = async (name: string, p: string) => {
        const r = await fetch(url(p), { headers: authz() });
        probes[name] = { status: r.status, retryAfter: r.headers.get('retry-after') };
      };
      await until('both transports and the new socket are refused', async () => {
        await probe('rest', '/api/v1/workspaces');
        await probe('auth', '/api/auth/get-session');
        await probe('ready', '/api/ready');
        return count('trpc', false) > 0 && count('socket', false) > 0 && refusals.length > 0;
      });
      expect(refusals[0]).toBe('UNAVAILABLE');
      expect(probes).toEqual({
        rest: { status: 503, retryAfter: '2' },
        auth: { status: 503, retryAfter: '2' },
        ready: { status: 503, retryAfter: '2' },
      });

      // An operator starts it again (pg_ctl restart starts it with the options it ran with).
      await pgCtl(pgDir, ['restart', '-m', 'immediate', '-w', '-l', path.join(pgDir, 'postgres.log')]);
      await until('/api/ready is green again', async () => (await fetch(url('/api/ready'))).status === 200);
      await until('the refused socket connects by itself', () => late.connected);
      retry.stop();
      expect(refusals.every((r) => r === 'UNAVAILABLE')).toBe(true);
      const [t, s] = [count('trpc', true), count('socket', true)];
      await until(
        'sends go through again',
        () => count('trpc', true) > t + 20 && count('socket', true) > s + 20,
      );
    } catch (e) {
      abandon = true;
      // Whatever went wrong, the server's own last words say most about it.
      throw new Error(`${String(e)}\n--- the server's output:\n${server.output().slice(-3000)}`, {
        cause: e,
      });
    } finally {
      stop = true;
      await Promise.all(senders);
    }

    // Every refusal in the window was UNAVAILABLE with a Retry-After (never 500 / INTERNAL), and
    // no entry point logged it as a bug.
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(1);
    // What the server logged as errors says why an answer was not UNAVAILABLE.
    const errors = server
      .output()
      .split('\n')
      .filter((l) => /"level":(5\d|60)/.test(l))
      .join('\n')
      .slice(-4000);
    for (const a of refused)
      expect(a, errors).toEqual(
        a.via === 'trpc'
          ? { via: 'trpc', ok: false, status: 503, code: 'UNAVAILABLE', retryAfter: '2' }
          : { via: 'socket', ok: false, code: 'UNAVAILABLE', retryAfter: 2 },
      );
    expect(server.child.exitCode).toBeNull();
    const bugs = server
      .output()
      .split('\n')
      .filter((l) => /"level":(5\d|60)/.test(l))
      .filter((l) =>
        /"msg":"(internal error|request failed|socket event failed|socket handshake failed)"/.test(l),
      );
    expect(bugs).toEqual([]);

    // Every acknowledged message is stored exactly once, under the id its acknowledgement gave.
    const secrets = JSON.parse(readFileSync(path.join(data.dataDir, 'secrets.json'), 'utf8')) as {
      pgSuperPassword: string;
    };
    const password = encodeURIComponent(secrets.pgSuperPassword);
    const c = new pg.Client({
      connectionString: `postgresql://postgres:${password}@127.0.0.1:${await data.pgPort}/enclave`,
    });
    await c.connect();
    const rows = await c.query<{ client_msg_id: string; id: string }>(
      'SELECT client_msg_id, id::text FROM message WHERE conversation_id = $1',
      [conversationId],
    );
    await c.end();
    const stored = new Map<string, string[]>();
    for (const r of rows.rows) stored.set(r.client_msg_id, [...(stored.get(r.client_msg_id) ?? []), r.id]);
    for (const [clientMsgId, id] of acked)
      expect([clientMsgId, stored.get(clientMsgId)]).toEqual([clientMsgId, [id]]);
    stored.delete('first-message');
    expect([...stored.keys()].sort()).toEqual([...acked.keys()].sort());
  }, 240_000);

  it('then stops on SIGTERM, with the PostgreSQL an operator started, and exits 0', async () => {
    expect(postmasterOf(pgDir)).not.toBeNull();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(postmasterOf(pgDir)).toBeNull();
    expect(server.output()).not.toMatch(/shutdown deadline/);
  }, 30_000);
});
