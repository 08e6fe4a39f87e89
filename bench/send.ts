// `send throughput`: persisted, encrypted, acknowledged messages per second through the full stack
// (socket.io → rate limits → zod → group-commit batcher → one RLS transaction per batch → publish),
// driven by SENDERS closed-loop clients in a generator process. Baseline: the ceiling for the same
// rows, SENDERS writers feeding one batcher that issues multi-row INSERTs over raw `pg`.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { RunningApp } from '../server/app';
import { testRuntime } from '../test/runtime';
import { env } from '../server/env';
import { encryptField } from '../server/lib/crypto/aead';
import { indexTokens } from '../server/lib/crypto/search-tokens';
import { bodyMac } from '../server/domain/message/view';
import type { SendParams, SendResult } from './load/send';
import { cpuWindow, median, pct, runMeasured, SATURATED, withClient, type Figure } from './lib';
import { SENDERS, type Chat } from './setup';
import { messageWords, rng } from './words';

const WARMUP_MS = 2000;
const WINDOW_MS = 8000;

interface Row {
  body: Buffer;
  tokens: string[];
  mac: Buffer;
}

/** Rows shaped like the app's: ciphertext and tokens of generated texts, made before timing starts. */
function samples(workspaceId: string, conversationId: string): Row[] {
  const key = randomBytes(32);
  const next = rng(7);
  return Array.from({ length: 1000 }, () => {
    const text = `${messageWords(next).join(' ')} m12x3456`;
    return {
      body: encryptField(
        key,
        1,
        { workspaceId, table: 'message', rowId: randomUUID(), column: 'body' },
        text,
      ),
      tokens: indexTokens(key, text),
      mac: bodyMac(key, conversationId, text),
    };
  });
}

/**
 * SENDERS writers in closed loops, one batcher (the app's wait rule and cap: wait up to
 * SEND_BATCH_WAIT_MS unless the last batch held one send, or as many are queued as it held), one
 * batch in flight.
 */
function rawInserts(chat: Chat, dataDir: string): Promise<Side> {
  return withClient(testRuntime().db.adminUrl, (client) => closedLoops(chat, dataDir, client));
}

async function closedLoops(chat: Chat, dataDir: string, client: pg.Client) {
  const { SEND_BATCH_WAIT_MS, SEND_BATCH_MAX } = env();
  const rows = samples(chat.workspaceId, chat.rawId);
  // Each pair's raw run goes on where the one before it stopped.
  const last = await client.query<{ last_seq: number }>('SELECT last_seq FROM conversation WHERE id = $1', [
    chat.rawId,
  ]);
  let seq = Number(last.rows[0]?.last_seq ?? 0);
  const queue: { author: string; resolve: () => void }[] = [];
  let busy = false;
  /** Cancels the flush that is coming, if one is. */
  let timer: (() => void) | undefined;
  let lastSize = 1;
  const now = () => {
    const h = setImmediate(() => void flush());
    timer = () => clearImmediate(h);
  };
  const schedule = () => {
    if (lastSize <= 1 || queue.length >= lastSize) return now();
    const h = setTimeout(() => void flush(), SEND_BATCH_WAIT_MS);
    timer = () => clearTimeout(h);
  };
  const flush = async () => {
    timer = undefined;
    busy = true;
    const batch = queue.splice(0, SEND_BATCH_MAX);
    lastSize = batch.length;
    const params: unknown[] = [chat.workspaceId, chat.rawId];
    const values = batch.map((b, i) => {
      const r = rows[(seq + i) % rows.length] as Row;
      const s = ++seq;
      const at = params.length;
      params.push(randomUUID(), s, b.author, `raw-${s}`, r.body, r.tokens, r.mac);
      const p = (k: number) => `$${at + k}`;
      return `(${p(1)}::uuid, $1::uuid, $2::uuid, ${p(2)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, 1, ${p(6)}::text[], ${p(7)}, now())`;
    });
    await client.query(
      `INSERT INTO message (id, workspace_id, conversation_id, seq, rev, author_id, client_msg_id, body,
         key_version, search_tokens, body_mac, created_at) VALUES ${values.join(', ')}`,
      params,
    );
    busy = false;
    for (const b of batch) b.resolve();
    if (queue.length) schedule();
  };
  const submit = (author: string) =>
    new Promise<void>((resolve) => {
      queue.push({ author, resolve });
      if (busy) return;
      if (!timer) schedule();
      else if (queue.length >= lastSize) {
        timer();
        now();
      }
    });

  const from = performance.now() + WARMUP_MS;
  const until = from + WINDOW_MS;
  let done = 0;
  // Awaited below: the window's end timer may fire after the last batch.
  const cpuInWindow = new Promise<{ server: number; postgres: number }>((resolve) =>
    setTimeout(() => {
      const stop = cpuWindow(dataDir);
      setTimeout(() => resolve(stop()), WINDOW_MS);
    }, WARMUP_MS),
  );
  await Promise.all(
    chat.members.slice(0, SENDERS).map(async (u) => {
      while (performance.now() < until) {
        await submit(u.userId);
        const at = performance.now();
        if (at >= from && at < until) done++;
      }
    }),
  );
  // Later sends must continue this conversation's sequence.
  await client.query('UPDATE conversation SET last_seq = $1, last_rev = $1 WHERE id = $2', [seq, chat.rawId]);
  const cpu = await cpuInWindow;
  return { perSecond: done / (WINDOW_MS / 1000), server: cpu.server, postgres: cpu.postgres, note: '' };
}

/** One side of a pair: messages per second, and CPU shares of one core over the same window. */
interface Side {
  perSecond: number;
  /** The writing process: the app's (all of it) or the raw writer's. */
  server: number;
  postgres: number;
  note: string;
}

/** CPU milliseconds per message, of the writing process and of PostgreSQL. */
const perMessage = (s: Side) => ({
  server: (s.server * 1000) / s.perSecond,
  postgres: (s.postgres * 1000) / s.perSecond,
});

/** Messages and distinct commit times (one per batch: a batch shares its `now`) in [from, to). */
async function batchesBetween(chat: Chat, from: Date, to: Date) {
  const { rows } = await withClient(testRuntime().db.adminUrl, (c) =>
    c.query<{ n: string; batches: string }>(
      `SELECT count(*) AS n, count(DISTINCT created_at) AS batches FROM message
      WHERE workspace_id = $1 AND conversation_id = $2 AND created_at >= $3 AND created_at < $4`,
      [chat.workspaceId, chat.sendId, from, to],
    ),
  );
  return { n: Number(rows[0]?.n), batches: Number(rows[0]?.batches) };
}

/** The app's side: SENDERS socket clients in a generator process, each in a closed loop. */
async function appSends(
  chat: Chat,
  app: RunningApp,
  dataDir: string,
): Promise<Side & { saturated: boolean }> {
  const {
    result: r,
    cpu: side,
    window: at,
  } = await runMeasured<SendResult>(
    'load/send.ts',
    {
      url: app.url,
      workspaceId: chat.workspaceId,
      conversationId: chat.sendId,
      tokens: chat.members.slice(0, SENDERS).map((u) => u.token),
      warmupMs: WARMUP_MS,
      windowMs: WINDOW_MS,
    } satisfies SendParams,
    dataDir,
  );
  const stored = await batchesBetween(chat, at.start, at.end);
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} ×${v}`);
  const note =
    `generator ${pct(r.cpu)}, ${(stored.n / Math.max(1, stored.batches)).toFixed(1)} messages per commit, ` +
    `ack p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms` +
    (errors.length ? `, errors ${errors.join(', ')}` : '');
  return { perSecond: r.acked / r.seconds, ...side, note, saturated: r.cpu > SATURATED };
}

const PAIRS = 3;

/**
 * The app and the raw writer alternate (app, raw, app, raw, …); each figure is the median of the
 * per-pair ratios, its value and baseline the medians of each side's runs.
 */
export async function sendBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const pairs: { app: Side & { saturated: boolean }; raw: Side }[] = [];
  for (let i = 0; i < PAIRS; i++)
    pairs.push({ app: await appSends(chat, app, dataDir), raw: await rawInserts(chat, dataDir) });
  const ratios = pairs.map((p) => p.app.perSecond / p.raw.perSecond);
  const cpuRatios = pairs.map((p) => perMessage(p.app).server / perMessage(p.raw).server);
  const f = (x: number) => x.toFixed(2);
  const runs = pairs
    .map(
      (p, i) =>
        `pair ${i + 1}: app ${p.app.perSecond.toFixed(0)} msg/s (server ${pct(p.app.server)}, PostgreSQL ${pct(p.app.postgres)}; ${p.app.note}), ` +
        `raw ${p.raw.perSecond.toFixed(0)} msg/s (writer ${pct(p.raw.server)}, PostgreSQL ${pct(p.raw.postgres)})`,
    )
    .join('; ');
  const invalid = pairs.some((p) => p.app.saturated) ? { valid: false as const } : {};
  return [
    {
      name: 'send throughput',
      value: median(pairs.map((p) => p.app.perSecond)),
      unit: 'msg/s',
      baseline: median(pairs.map((p) => p.raw.perSecond)),
      ratio: median(ratios),
      ...invalid,
      note: `${PAIRS} pairs, per-pair ratios ${ratios.map(f).join(', ')}; ${runs}`,
    },
    {
      name: 'server CPU per message',
      value: median(pairs.map((p) => perMessage(p.app).server)),
      unit: 'ms',
      baseline: median(pairs.map((p) => perMessage(p.raw).server)),
      ratio: median(cpuRatios),
      ...invalid,
      note:
        `the app process's CPU per acknowledged message against the raw writer's per row, same window; ` +
        `per-pair ratios ${cpuRatios.map(f).join(', ')}; PostgreSQL per message: app ` +
        `${median(pairs.map((p) => perMessage(p.app).postgres)).toFixed(3)} ms, raw ${median(pairs.map((p) => perMessage(p.raw).postgres)).toFixed(3)} ms`,
    },
  ];
}
