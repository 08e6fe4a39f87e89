// `fanout p50` / `fanout p99`: send-to-receive latency of each delivery, RECEIVERS sockets in one
// channel, one sender at a steady rate, all in a generator process. Baseline: a bare Socket.IO server
// in this process (no auth, no database) that broadcasts each payload to a room of the same size.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import type { RunningApp } from '../server/app';
import type { FanoutParams, FanoutResult } from './load/fanout';
import { cpuWindow, pct, runChild, SATURATED, settle, type Figure } from './lib';
import { RECEIVERS, type Chat } from './setup';

const PER_SECOND = 100;
const WARMUP_MS = 1000;
const WINDOW_MS = 10_000;

/**
 * The ceiling: join a room, and on `send` broadcast the payload to it. With an adapter it is one
 * node of several (the adapter comparison).
 */
export async function bareServer(adapter?: ServerOptions['adapter']) {
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    ...(adapter ? { adapter, transports: ['websocket'] } : {}),
  });
  io.on('connection', (socket) => {
    socket.on('join', (_p: unknown, ack: (r: unknown) => void) => {
      void socket.join('room');
      ack({ ok: true });
    });
    socket.on('send', (payload: unknown, ack: (r: unknown) => void) => {
      io.to('room').emit('message:new', payload);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => void io.close(() => resolve())) };
}

async function measure(params: FanoutParams, dataDir: string) {
  let stop: ReturnType<typeof cpuWindow> | undefined;
  let side = { server: NaN, postgres: NaN };
  const r = await runChild<FanoutResult>('load/fanout.ts', params, (m) => {
    if (m === 'start') stop = cpuWindow(dataDir);
    else if (stop) side = stop();
  });
  await settle();
  const lost = r.expected - r.deliveries;
  const errors = Object.entries(r.sendErrors).map(([k, v]) => `${k} ×${v}`);
  const note =
    `CPU: generator ${pct(r.cpu)}, server ${pct(side.server)}, PostgreSQL ${pct(side.postgres)}; ` +
    `${r.deliveries} deliveries${lost ? `, ${lost} missing` : ''}; max ${r.max.toFixed(1)} ms; ` +
    `send ack p50 ${r.ackP50.toFixed(1)} ms` +
    (errors.length ? `; send errors ${errors.join(', ')}` : '');
  return { ...r, note };
}

export async function fanoutBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const common = {
    workspaceId: chat.workspaceId,
    conversationId: chat.generalId,
    perSecond: PER_SECOND,
    warmupMs: WARMUP_MS,
    windowMs: WINDOW_MS,
  };
  const bare = await bareServer();
  let base: Awaited<ReturnType<typeof measure>>;
  try {
    base = await measure(
      { ...common, url: bare.url, mode: 'bare', receiverTokens: Array<undefined>(RECEIVERS).fill(undefined) },
      dataDir,
    );
  } finally {
    await bare.close();
  }
  const real = await measure(
    {
      ...common,
      url: app.url,
      mode: 'app',
      senderToken: chat.owner.token,
      receiverTokens: chat.members.slice(0, RECEIVERS).map((u) => u.token),
    },
    dataDir,
  );
  const invalid = real.cpu > SATURATED || base.cpu > SATURATED ? { valid: false as const } : {};
  const note = `${real.note}; bare: ${base.note}`;
  return [
    {
      name: 'fanout p50',
      value: real.p50,
      unit: 'ms',
      baseline: base.p50,
      ratio: real.p50 / base.p50,
      ...invalid,
      note,
    },
    {
      name: 'fanout p99',
      value: real.p99,
      unit: 'ms',
      baseline: base.p99,
      ratio: real.p99 / base.p99,
      ...invalid,
      note,
    },
  ];
}
