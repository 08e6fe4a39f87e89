// `send throughput`: persisted, encrypted, acknowledged messages per second through the full stack
// (socket.io → rate limits → zod → group-commit batcher → one RLS transaction per batch → publish),
// driven by SENDERS closed-loop clients in a generator process. Baseline: the ceiling for the same
// rows, SENDERS writers feeding one batcher that issues multi-row INSERTs over raw `pg`.
import type pg from 'pg';
import type { RunningApp } from '../server/app';
import { testRuntime } from '../test/runtime';
import type { SendParams, SendResult } from './load/send';
import { cpuWindowAfter, median, pct, runMeasured, SATURATED, withClient, type Figure } from './lib';
import { SENDERS, type Chat } from './setup';
import { lastSeqs, RawBatcher, sampleRows, saveSeqs } from './raw-batcher';

const WARMUP_MS = 2000;
const WINDOW_MS = 8000;

/**
 * SENDERS writers in closed loops, one batcher (the app's wait rule and cap: wait up to
 * SEND_BATCH_WAIT_MS unless the last batch held one send, or as many are queued as it held), one
 * batch in flight.
 */
function rawInserts(chat: Chat, dataDir: string): Promise<Side> {
  return withClient(testRuntime().db.adminUrl, (client) => closedLoops(chat, dataDir, client));
}

async function closedLoops(chat: Chat, dataDir: string, client: pg.Client) {
  // Each pair's raw run goes on where the one before it stopped.
  const seqs = await lastSeqs(client, [chat.rawId]);
  const batcher = new RawBatcher(client, chat.workspaceId, seqs, sampleRows(chat.workspaceId, chat.rawId));
  const submit = (author: string) => batcher.submit(chat.rawId, author);

  const from = performance.now() + WARMUP_MS;
  const until = from + WINDOW_MS;
  let done = 0;
  // Awaited below: the window's end timer may fire after the last batch.
  const cpuInWindow = cpuWindowAfter(dataDir, WARMUP_MS, WINDOW_MS);
  await Promise.all(
    chat.members.slice(0, SENDERS).map(async (u) => {
      while (performance.now() < until) {
        await submit(u.userId);
        const at = performance.now();
        if (at >= from && at < until) done++;
      }
    }),
  );
  await saveSeqs(client, seqs);
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
