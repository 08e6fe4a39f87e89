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
import { cpuWindow, pct, runChild, SATURATED, settle, withClient, type Figure } from './lib';
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
function rawInserts(chat: Chat, dataDir: string): Promise<{ perSecond: number; note: string }> {
  return withClient(testRuntime().db.adminUrl, (client) => closedLoops(chat, dataDir, client));
}

async function closedLoops(chat: Chat, dataDir: string, client: pg.Client) {
  const { SEND_BATCH_WAIT_MS, SEND_BATCH_MAX } = env();
  const rows = samples(chat.workspaceId, chat.rawId);
  let seq = 0;
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
  return {
    perSecond: done / (WINDOW_MS / 1000),
    note: `baseline CPU: bench process ${pct(cpu.server)}, PostgreSQL ${pct(cpu.postgres)}`,
  };
}

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

export async function sendBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const raw = await rawInserts(chat, dataDir);
  const baseline = raw.perSecond;

  let stop: ReturnType<typeof cpuWindow> | undefined;
  let side = { server: NaN, postgres: NaN };
  const at = { start: new Date(), end: new Date() };
  const r = await runChild<SendResult>(
    'load/send.ts',
    {
      url: app.url,
      workspaceId: chat.workspaceId,
      conversationId: chat.sendId,
      tokens: chat.members.slice(0, SENDERS).map((u) => u.token),
      warmupMs: WARMUP_MS,
      windowMs: WINDOW_MS,
    } satisfies SendParams,
    (m) => {
      at[m] = new Date();
      if (m === 'start') stop = cpuWindow(dataDir);
      else if (stop) side = stop();
    },
  );
  await settle();
  const stored = await batchesBetween(chat, at.start, at.end);
  const value = r.acked / r.seconds;
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} ×${v}`);
  const note =
    `CPU: generator ${pct(r.cpu)}, server ${pct(side.server)}, PostgreSQL ${pct(side.postgres)}; ` +
    `${(stored.n / Math.max(1, stored.batches)).toFixed(1)} messages per commit; ` +
    `ack p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms` +
    (errors.length ? `; errors ${errors.join(', ')}` : '') +
    `; ${raw.note}`;
  return [
    {
      name: 'send throughput',
      value,
      unit: 'msg/s',
      baseline,
      ratio: value / baseline,
      ...(r.cpu > SATURATED ? { valid: false as const } : {}),
      note,
    },
  ];
}
