// `send, open loop`: the highest Poisson arrival rate the app takes with ack p99 ≤ 50 ms and nothing
// lost, into CONVERSATIONS conversations with Zipf activity and 5 to 10 joined receivers each
// (bench/load/open.ts), against the raw writer at the same arrivals: the app batcher's wait rule, cap
// and batches in flight over a pool of raw `pg` connections (bench/raw-batcher.ts).
import pg from 'pg';
import type { RunningApp } from '../server/app';
import { env } from '../server/env';
import { testRuntime } from '../test/runtime';
import { callerFor } from '../test/actors';
import { arrivals, goOn, ladder, passed, type StepOutcome } from './arrivals';
import type { OpenParams, OpenResult } from './load/open';
import { cpuWindow, cpuWindowAfter, median, pct, quantile, runChild, settle, type Figure } from './lib';
import { lastSeqs, RawBatcher, sampleRows, saveSeqs } from './raw-batcher';
import { pool, type Chat } from './setup';
import { rng } from './words';

const CONVERSATIONS = 100;
const STEP = { warmupMs: 500, windowMs: 3000, drainMs: 1500 };
const RATES = ladder(100, 30_000);
const PAIRS = 3;
const SEED = 4242;

interface Rooms {
  /** The app's conversations and their members (indexes into chat.members), all joined. */
  app: { id: string; members: number[] }[];
  /** As many conversations for the raw writer, so the two numberings never mix. */
  raw: string[];
}

/** CONVERSATIONS channels with 5 to 10 members each (joined through the API), and the raw writer's. */
async function setUpRooms(chat: Chat): Promise<Rooms> {
  const api = await callerFor(chat.owner);
  const next = rng(SEED);
  const make = (prefix: string) =>
    pool(
      Array.from({ length: CONVERSATIONS }, (_, i) => i),
      4,
      (i) =>
        api.channel.create({
          workspaceId: chat.workspaceId,
          name: `${prefix}-${String(i).padStart(3, '0')}`,
        }),
    );
  const channels = await make('open');
  const raw = await make('open-raw');
  const app = channels.map((ch) => {
    const size = 5 + Math.floor(next() * 6);
    const members = new Set<number>();
    while (members.size < size) members.add(Math.floor(next() * chat.members.length));
    return { id: ch.id, members: [...members] };
  });
  const joins = app.flatMap((c) => c.members.map((m) => ({ channelId: c.id, m })));
  await pool(joins, 4, async ({ channelId, m }) => {
    const u = chat.members[m];
    if (u) await (await callerFor(u)).channel.join({ workspaceId: chat.workspaceId, channelId });
  });
  return { app, raw: raw.map((ch) => ch.id) };
}

interface Ladder {
  steps: (StepOutcome & { server: number; postgres: number })[];
  /** The highest rate that passed (0 if none did). */
  best: number;
}

const best = (steps: StepOutcome[]) => Math.max(0, ...steps.filter(passed).map((s) => s.rate));

async function appLadder(chat: Chat, app: RunningApp, rooms: Rooms, rates: number[], dataDir: string) {
  const cpus: { server: number; postgres: number }[] = [];
  let stop: ReturnType<typeof cpuWindow> | undefined;
  const r = await runChild<OpenResult>(
    'load/open.ts',
    {
      url: app.url,
      workspaceId: chat.workspaceId,
      tokens: chat.members.map((u) => u.token),
      conversations: rooms.app,
      rates,
      ...STEP,
      seed: SEED,
    } satisfies OpenParams,
    (m) => {
      if (m === 'start') stop = cpuWindow(dataDir);
      else if (stop) cpus.push(stop());
    },
  );
  await settle();
  const steps = r.steps.map((s, i) => ({ ...s, ...(cpus[i] ?? { server: NaN, postgres: NaN }) }));
  return { steps, best: best(r.steps) } satisfies Ladder;
}

/** The raw writer at the same arrivals (this process plays the senders: there are no sockets). */
async function rawLadder(chat: Chat, rooms: Rooms, rates: number[], dataDir: string): Promise<Ladder> {
  const { DATABASE_POOL_SIZE, SEND_BATCH_CONCURRENCY } = env();
  const db = new pg.Pool({ connectionString: testRuntime().db.adminUrl, max: DATABASE_POOL_SIZE });
  const authors = rooms.app.map((c) => c.members.map((m) => chat.members[m]?.userId ?? ''));
  const steps: Ladder['steps'] = [];
  try {
    const seqs = await lastSeqs(db, rooms.raw);
    const rows = sampleRows(chat.workspaceId, rooms.raw[0] ?? '');
    const batcher = new RawBatcher(db, chat.workspaceId, seqs, rows, SEND_BATCH_CONCURRENCY);
    for (const rate of rates) {
      const plan = arrivals(
        rate,
        STEP.warmupMs + STEP.windowMs,
        authors.map((a) => a.length),
        SEED + rate,
      );
      const latencies: number[] = [];
      let offered = 0;
      const window = cpuWindowAfter(dataDir, STEP.warmupMs, STEP.windowMs);
      const done: Promise<void>[] = [];
      const t0 = performance.now();
      for (const a of plan) {
        const due = t0 + a.at;
        if (due > performance.now() + 1) await new Promise((r) => setTimeout(r, due - performance.now()));
        const measured = a.at >= STEP.warmupMs;
        if (measured) offered++;
        const sent = batcher.submit(
          rooms.raw[a.conversation] ?? '',
          authors[a.conversation]?.[a.member] ?? '',
        );
        done.push(sent.then(() => void (measured && latencies.push(performance.now() - due))));
      }
      const cpu = await window;
      await Promise.all(done);
      const s: StepOutcome = {
        rate,
        offered,
        acked: latencies.length,
        lost: 0,
        undelivered: 0,
        ackP50: quantile(latencies, 0.5),
        ackP99: quantile(latencies, 0.99),
        cpu: cpu.server,
        errors: {},
      };
      steps.push({ ...s, ...cpu });
      if (!goOn(steps)) break;
    }
    await saveSeqs(db, seqs);
  } finally {
    await db.end();
  }
  return { steps, best: best(steps) };
}

/** After the first pair has found the range, later ladders start three steps below its last pass. */
const from = (previous: number) => RATES.filter((r) => r >= previous / 1.25 ** 3);

const describe = (l: Ladder) =>
  l.steps
    .map(
      (s) =>
        `${s.rate}/s ${passed(s) ? 'ok' : 'FAIL'} (p99 ${s.ackP99.toFixed(1)} ms` +
        (s.lost ? `, ${s.lost} lost` : '') +
        (s.undelivered ? `, ${s.undelivered} undelivered` : '') +
        (Object.keys(s.errors).length ? `, errors ${JSON.stringify(s.errors)}` : '') +
        `, sender ${pct(s.cpu)}, server ${pct(s.server)}, PostgreSQL ${pct(s.postgres)})`,
    )
    .join(', ');

export async function openLoopBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const rooms = await setUpRooms(chat);
  const pairs: { app: Ladder; raw: Ladder }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const last = pairs[0];
    const a = await appLadder(chat, app, rooms, last ? from(last.app.best) : RATES, dataDir);
    const r = await rawLadder(chat, rooms, last ? from(last.raw.best) : RATES, dataDir);
    pairs.push({ app: a, raw: r });
  }
  const ratios = pairs.map((p) => p.app.best / Math.max(1, p.raw.best));
  const receivers = rooms.app.reduce((s, c) => s + c.members.length, 0) / rooms.app.length;
  // A rate at which the generator saturated a core says nothing about the server.
  const saturated = pairs.some((p) => p.app.steps.some((s) => passed(s) && s.cpu > 0.9));
  return [
    {
      name: 'send, open loop',
      value: median(pairs.map((p) => p.app.best)),
      unit: 'msg/s',
      baseline: median(pairs.map((p) => p.raw.best)),
      ratio: median(ratios),
      ...(saturated ? { valid: false as const } : {}),
      note:
        `highest Poisson rate with ack p99 ≤ 50 ms (from the scheduled arrival) and no loss, rates 25 % apart; ` +
        `${CONVERSATIONS} conversations, Zipf activity, ${receivers.toFixed(1)} receivers each on average; ` +
        `per-pair ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}; ` +
        pairs.map((p, i) => `pair ${i + 1}: app ${describe(p.app)}; raw ${describe(p.raw)}`).join('; '),
    },
  ];
}
