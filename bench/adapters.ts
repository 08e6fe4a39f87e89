// `cross-node fanout p99 (sharded/streams)`: which Socket.IO Redis adapter carries a broadcast from
// one node to another faster. Two bare Socket.IO servers (no auth, no database) share a Redis; the
// sender is on the first, RECEIVERS sockets on the second, a steady rate from a generator process.
// The subjects alternate in pairs (streams, sharded, streams, sharded, …); the figure is the median
// of the per-pair ratios of p99 latency, sharded over streams (below 1: sharded pub/sub is faster).
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { startRedis } from '../test/redis';
import { bareServer } from './bare';
import type { FanoutParams, FanoutResult } from './load/fanout';
import { median, pct, runChild, SATURATED, settle, type Figure } from './lib';
import { RECEIVERS } from './setup';

const PAIRS = 5;
const PER_SECOND = 100;

type Kind = 'streams' | 'sharded';

async function measure(kind: Kind, redisUrl: string) {
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(redisUrl);
    clients.push(c);
    return c;
  };
  // Each subject gets channels of its own, shared by its two nodes, so no run hears another's.
  const prefix = `bench:${crypto.randomUUID()}`;
  const adapter = () =>
    kind === 'streams'
      ? createStreamsAdapter(client(), { streamName: prefix })
      : createShardedAdapter(client(), client(), { channelPrefix: prefix });
  const a = await bareServer(adapter());
  const b = await bareServer(adapter());
  try {
    const params: FanoutParams = {
      url: b.url,
      senderUrl: a.url,
      mode: 'bare',
      workspaceId: '00000000-0000-4000-8000-000000000000',
      conversationId: '00000000-0000-4000-8000-000000000001',
      receiverTokens: Array<undefined>(RECEIVERS).fill(undefined),
      perSecond: PER_SECOND,
      warmupMs: 1000,
      windowMs: 6000,
    };
    return await runChild<FanoutResult>('load/fanout.ts', params);
  } finally {
    await a.close();
    await b.close();
    clients.forEach((c) => c.disconnect());
    await settle();
  }
}

export async function adaptersBenchmark(): Promise<Figure[]> {
  const redis = await startRedis();
  try {
    const ratios: number[] = [];
    const runs: Record<Kind, FanoutResult[]> = { streams: [], sharded: [] };
    for (let i = 0; i < PAIRS; i++) {
      const streams = await measure('streams', redis.url);
      const sharded = await measure('sharded', redis.url);
      runs.streams.push(streams);
      runs.sharded.push(sharded);
      ratios.push(sharded.p99 / streams.p99);
    }
    const all = [...runs.streams, ...runs.sharded];
    const lost = all.reduce((n, r) => n + (r.expected - r.deliveries), 0);
    return [
      {
        name: 'cross-node fanout p99 (sharded/streams)',
        value: median(runs.sharded.map((r) => r.p99)),
        unit: 'ms',
        baseline: median(runs.streams.map((r) => r.p99)),
        ratio: median(ratios),
        ...(all.some((r) => r.cpu > SATURATED) ? { valid: false as const } : {}),
        note:
          `${PAIRS} pairs, ${RECEIVERS} receivers on the other node, ${PER_SECOND} msg/s; per-pair ratios ` +
          `${ratios.map((r) => r.toFixed(2)).join(', ')}; p50 streams ${median(runs.streams.map((r) => r.p50)).toFixed(1)} ms, ` +
          `sharded ${median(runs.sharded.map((r) => r.p50)).toFixed(1)} ms; generator CPU up to ` +
          `${pct(Math.max(...all.map((r) => r.cpu)))}${lost ? `; ${lost} deliveries missing` : ''}`,
      },
    ];
  } finally {
    await redis.stop();
  }
}
