import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRedis } from '../../test/nodes';
import { MemoryBuckets, RedisBuckets, type BucketSpec, type Buckets, type Take } from './token-bucket';

const redis = useRedis();
let client: Redis;
beforeAll(() => {
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined); // the outage test stops Redis on purpose
});
afterAll(() => client.disconnect());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
/** A fresh budget per test, so the Redis keys of one never meet another's. */
const spec = (capacity: number, perSecond: number): BucketSpec => {
  n += 1;
  return { name: `t${n}`, capacity, perSecond };
};
const takeMany = (b: Buckets, s: BucketSpec, key: string, count: number) =>
  Promise.all(Array.from({ length: count }, () => b.take(s, key)));
const admitted = (takes: Take[]) => takes.filter((t) => t.ok).length;

describe.each([
  ['memory', () => new MemoryBuckets() as Buckets],
  ['redis', () => new RedisBuckets(client) as Buckets],
])('token buckets in %s', (_, make) => {
  it('admits the burst of 500 concurrent takes, and exactly one refusal is the first', async () => {
    const b = make();
    const s = spec(20, 0.01);
    const takes = await takeMany(b, s, 'k', 500);
    expect(admitted(takes)).toBe(20);
    expect(takes.filter((t) => !t.ok && t.first)).toHaveLength(1);
    // Another key has its own bucket.
    expect(await b.take(s, 'other')).toEqual({ ok: true });
  });

  it('refills at its rate and never beyond its capacity', async () => {
    const b = make();
    const s = spec(3, 5); // a token every 200 ms, at most 3
    expect(admitted(await takeMany(b, s, 'k', 10))).toBe(3);
    const refused = await b.take(s, 'k');
    expect(refused).toMatchObject({ ok: false, first: false });
    if (!refused.ok) expect(refused.waitMs).toBeLessThanOrEqual(200);
    await sleep(450); // two tokens and a bit
    expect(admitted(await takeMany(b, s, 'k', 10))).toBe(2);
    await sleep(1_500); // seven tokens' worth: the bucket holds three
    expect(admitted(await takeMany(b, s, 'k', 10))).toBe(3);
    // A caller slower than the rate is never refused, though it takes more than the burst.
    const steady: Take[] = [];
    for (let i = 0; i < 6; i++) {
      await sleep(250);
      steady.push(await b.take(s, 'k'));
    }
    expect(admitted(steady)).toBe(6);
  });

  it('refuses a blocked key until the block ends, while its bucket refills', async () => {
    const b = make();
    const s = spec(2, 100);
    await b.block(s, 'k', 1);
    const during = await b.take(s, 'k');
    expect(during).toMatchObject({ ok: false, blocked: true, first: false });
    if (!during.ok) expect(during.waitMs).toBeGreaterThan(500);
    expect(await b.take(s, 'free')).toEqual({ ok: true });
    await sleep(1_050);
    expect(admitted(await takeMany(b, s, 'k', 5))).toBe(2);
  });
});

describe('token buckets while Redis is away', () => {
  it("fall back to this node's memory: limits stay on", async () => {
    const b = new RedisBuckets(client);
    const s = spec(2, 0.01);
    await redis.kill();
    try {
      await sleep(100);
      expect(admitted(await takeMany(b, s, 'k', 5))).toBe(2);
    } finally {
      await redis.start();
    }
  });
});
