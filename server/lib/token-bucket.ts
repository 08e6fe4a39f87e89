import type { Redis } from 'ioredis';

/** One kind of budget: a bucket of `capacity` tokens per key, refilled at `perSecond`. */
export interface BucketSpec {
  /** Names the budget in the store; a new size should get a new name (it starts full). */
  name: string;
  capacity: number;
  perSecond: number;
}

/**
 * What taking a token gives back. A refusal says how long until a token is back (or the block
 * ends), and whether it is the first refusal since the key was last admitted: of a flood of
 * refused calls, exactly one is, so a flood is one offence.
 */
export type Take = { ok: true } | { ok: false; waitMs: number; first: boolean; blocked: boolean };

export interface Buckets {
  take(spec: BucketSpec, key: string): Promise<Take>;
  /** Refuses the key for `seconds`; the bucket goes on refilling meanwhile. */
  block(spec: BucketSpec, key: string, seconds: number): Promise<void>;
}

interface State {
  tokens: number;
  at: number;
  over: boolean;
}

/** How many keys a node keeps before it forgets the full buckets (they are the same as none). */
const MEMORY_SWEEP_AT = 50_000;

/** This process's buckets: one node, or the fallback while Redis is away. */
export class MemoryBuckets implements Buckets {
  private readonly state = new Map<string, State>();
  private readonly blocks = new Map<string, number>();

  // Synchronous from read to write, so concurrent calls on this node cannot both take the last token.
  take(spec: BucketSpec, key: string): Promise<Take> {
    const now = Date.now();
    const id = `${spec.name}:${key}`;
    const until = this.blocks.get(id) ?? 0;
    if (until > now) return Promise.resolve({ ok: false, waitMs: until - now, first: false, blocked: true });
    const s = this.state.get(id) ?? { tokens: spec.capacity, at: now, over: false };
    s.tokens = Math.min(spec.capacity, s.tokens + ((now - s.at) / 1000) * spec.perSecond);
    s.at = now;
    let result: Take;
    if (s.tokens >= 1) {
      s.tokens -= 1;
      s.over = false;
      result = { ok: true };
    } else {
      result = { ok: false, waitMs: waitFor(s.tokens, spec), first: !s.over, blocked: false };
      s.over = true;
    }
    if (!this.state.has(id) && this.state.size >= MEMORY_SWEEP_AT) this.sweep(now, spec);
    this.state.set(id, s);
    return Promise.resolve(result);
  }

  block(spec: BucketSpec, key: string, seconds: number): Promise<void> {
    this.blocks.set(`${spec.name}:${key}`, Date.now() + seconds * 1000);
    return Promise.resolve();
  }

  /** Drops buckets that have refilled and blocks that have ended. */
  private sweep(now: number, spec: BucketSpec) {
    for (const [id, s] of this.state)
      if (s.tokens + ((now - s.at) / 1000) * spec.perSecond >= spec.capacity) this.state.delete(id);
    for (const [id, until] of this.blocks) if (until <= now) this.blocks.delete(id);
  }
}

const waitFor = (tokens: number, spec: BucketSpec) => Math.ceil(((1 - tokens) / spec.perSecond) * 1000);

// One step in Redis, timed by Redis's clock (the nodes' clocks may differ): the block, the refill,
// the take and the over flag. The key lives until the bucket would be full again.
const TAKE = `
local cap = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {0, blocked, 0, 1} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 't', 'at', 'o')
local tokens = tonumber(s[1]) or cap
local at = tonumber(s[2]) or now
local over = tonumber(s[3]) or 0
tokens = math.min(cap, tokens + math.max(0, now - at) * perMs)
local ok, wait, first = 0, 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
  over = 0
else
  wait = math.ceil((1 - tokens) / perMs)
  if over == 0 then first = 1 end
  over = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now, 'o', over)
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / perMs) + 1000)
return {ok, wait, first, 0}
`;

type TakeReply = [number, number, number, number];
interface WithTake {
  enclaveBucketTake(bucket: string, block: string, capacity: number, perSecond: number): Promise<TakeReply>;
}

/**
 * The deployment's buckets in Redis, one budget whichever node a call reaches. While Redis is away
 * (not ready, or a call fails) each node falls back to its own memory: limits stay on, per node,
 * instead of failing every call.
 */
export class RedisBuckets implements Buckets {
  private readonly fallback = new MemoryBuckets();
  private readonly redis: Redis & WithTake;

  constructor(redis: Redis) {
    // defineCommand runs the script by its hash and loads it when Redis does not know it yet.
    if (!('enclaveBucketTake' in redis))
      redis.defineCommand('enclaveBucketTake', { numberOfKeys: 2, lua: TAKE });
    this.redis = redis as Redis & WithTake;
  }

  async take(spec: BucketSpec, key: string): Promise<Take> {
    if (this.redis.status !== 'ready') return this.fallback.take(spec, key);
    let reply: TakeReply;
    try {
      const k = keysOf(spec, key);
      reply = await this.redis.enclaveBucketTake(k.bucket, k.block, spec.capacity, spec.perSecond);
    } catch {
      return this.fallback.take(spec, key);
    }
    const [ok, waitMs, first, blocked] = reply;
    return ok === 1 ? { ok: true } : { ok: false, waitMs, first: first === 1, blocked: blocked === 1 };
  }

  async block(spec: BucketSpec, key: string, seconds: number): Promise<void> {
    await this.fallback.block(spec, key, seconds);
    if (this.redis.status !== 'ready') return;
    try {
      await this.redis.set(keysOf(spec, key).block, '1', 'PX', seconds * 1000);
    } catch {
      // The fallback holds the block on this node until Redis is back.
    }
  }
}

const keysOf = (spec: BucketSpec, key: string) => {
  const bucket = `enclave:tb:${spec.name}:${key}`;
  return { bucket, block: `${bucket}:block` };
};

export const bucketsIn = (redis?: Redis): Buckets => (redis ? new RedisBuckets(redis) : new MemoryBuckets());
