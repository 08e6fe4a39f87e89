// `fanout p50` / `fanout p99`: send-to-receive latency of each delivery, RECEIVERS sockets in one
// channel, one sender at a steady rate, all in a generator process. Baseline: a bare Socket.IO server
// in this process (no auth, no database) that broadcasts each payload to a room of the same size.
import { startApp, type RunningApp } from '../server/app';
import { createRuntime } from '../server/runtime';
import { startRedis } from '../test/redis';
import { bareServer } from './bare';
import type { FanoutParams, FanoutResult } from './load/fanout';
import { median, pct, runMeasured, SATURATED, type Figure } from './lib';
import { RECEIVERS, type Chat } from './setup';

const PER_SECOND = 100;
const WARMUP_MS = 1000;
const WINDOW_MS = 10_000;

async function measure(params: FanoutParams, dataDir: string) {
  const { result: r, cpu: side } = await runMeasured<FanoutResult>('load/fanout.ts', params, dataDir);
  const lost = r.expected - r.deliveries;
  const errors = Object.entries(r.sendErrors).map(([k, v]) => `${k} ×${v}`);
  const note =
    `CPU: generator ${pct(r.cpu)}, server ${pct(side.server)}, PostgreSQL ${pct(side.postgres)}; ` +
    `${r.deliveries} deliveries${lost ? `, ${lost} missing` : ''}; max ${r.max.toFixed(1)} ms; ` +
    `send ack p50 ${r.ackP50.toFixed(1)} ms` +
    (errors.length ? `; send errors ${errors.join(', ')}` : '');
  return { ...r, note };
}

const PAIRS = 3;
type Run = Awaited<ReturnType<typeof measure>>;

/** p50 and p99 figures from pairs of runs: medians of each side, ratio the median of per-pair ratios. */
function latencyFigures(name: string, pairs: { subject: Run; baseline: Run }[], what: string): Figure[] {
  const invalid = pairs.some((p) => p.subject.cpu > SATURATED || p.baseline.cpu > SATURATED)
    ? { valid: false as const }
    : {};
  return (['p50', 'p99'] as const).map((q) => {
    const ratios = pairs.map((p) => p.subject[q] / p.baseline[q]);
    return {
      name: `${name} ${q}`,
      value: median(pairs.map((p) => p.subject[q])),
      unit: 'ms',
      baseline: median(pairs.map((p) => p.baseline[q])),
      ratio: median(ratios),
      ...invalid,
      note:
        `${pairs.length} pairs, per-pair ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}; ${what}; ` +
        pairs.map((p, i) => `pair ${i + 1}: ${p.subject.note}; baseline: ${p.baseline.note}`).join('; '),
    };
  });
}

function appParams(chat: Chat, url: string): FanoutParams {
  return {
    workspaceId: chat.workspaceId,
    conversationId: chat.generalId,
    perSecond: PER_SECOND,
    warmupMs: WARMUP_MS,
    windowMs: WINDOW_MS,
    url,
    mode: 'app',
    senderToken: chat.owner.token,
    receiverTokens: chat.members.slice(0, RECEIVERS).map((u) => u.token),
  };
}

/** The app against a bare Socket.IO broadcast, alternating (app, bare, app, bare, …). */
export async function fanoutBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const pairs: { subject: Run; baseline: Run }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const subject = await measure(appParams(chat, app.url), dataDir);
    const bare = await bareServer();
    try {
      const baseline = await measure(
        {
          ...appParams(chat, bare.url),
          mode: 'bare',
          receiverTokens: Array<undefined>(RECEIVERS).fill(undefined),
        },
        dataDir,
      );
      pairs.push({ subject, baseline });
    } finally {
      await bare.close();
    }
  }
  return latencyFigures('fanout', pairs, `${RECEIVERS} receivers, ${PER_SECOND} msg/s`);
}

/**
 * Three nodes on one Redis (the sender on the first, the receivers dealt out to the other two)
 * against the single node, alternating (three, one, three, one, …).
 */
export async function crossNodeBenchmark(chat: Chat, app: RunningApp, dataDir: string): Promise<Figure[]> {
  const redis = await startRedis();
  const nodes: RunningApp[] = [];
  try {
    for (const nodeId of ['bench-a', 'bench-b', 'bench-c']) {
      const runtime = createRuntime(app.runtime.db, { redisUrl: redis.url, nodeId });
      nodes.push(await startApp({ port: 0, seed: false, runtime, jobs: false }));
    }
    const [a, b, c] = nodes.map((n) => n.url);
    const pairs: { subject: Run; baseline: Run }[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const subject = await measure(
        { ...appParams(chat, b ?? ''), senderUrl: a, receiverUrls: [b ?? '', c ?? ''] },
        dataDir,
      );
      pairs.push({ subject, baseline: await measure(appParams(chat, app.url), dataDir) });
    }
    return latencyFigures(
      'cross-node fanout',
      pairs,
      `sender on node 1 of 3, ${RECEIVERS} receivers on nodes 2 and 3, against all on one node; ` +
        `every node in this process (CPU shares are the process's)`,
    );
  } finally {
    for (const n of nodes) await n.shutdown();
    for (const n of nodes) await n.runtime.close();
    await redis.stop();
  }
}
