import type { Redis } from 'ioredis';
import type { PresenceSetInput, PresenceStatus, PresenceView } from '../../domain/presence/schemas';
import type { PresenceState } from '../../domain/presence/store';
import { logger } from '../../lib/logger';

const P = 'enclave:p:';
const socketsKey = (userId: string) => `${P}s:${userId}`; // hash: node → socket count
const statusKey = (userId: string) => `${P}st:${userId}`; // hash: status, text (expires with it)
const ONLINE = `${P}online`; // set: everyone with a socket somewhere
const NODES = `${P}nodes`; // set: nodes that have held sockets
const usersOn = (node: string) => `${P}n:${node}`; // set: people with a socket on that node
const alive = (node: string) => `${P}alive:${node}`; // key with a TTL: the node's heartbeat
const goneKey = (userId: string) => `${P}gone:${userId}`; // the last socket went, not announced yet
// The gone mark outlives any grace time; a node that dies before settling leaves no mark for long.
const GONE_MARK_MS = 120_000;

// Each script changes the counts and the online set in one step, so two nodes racing a person's
// first (or last) socket agree on which of them announces it.
const CONNECT = `
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('SADD', KEYS[3], ARGV[2])
local first = redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('DEL', KEYS[4]) == 1 then return 0 end
return first`;
const DISCONNECT = `
local c = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if c <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[2])
end
if redis.call('HLEN', KEYS[1]) == 0 and redis.call('SREM', KEYS[2], ARGV[2]) == 1 then
  redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
  return 1
end
return 0`;
// Still gone after the grace time (the mark is there and no socket came back): announce it, once.
const SETTLE = `
if redis.call('DEL', KEYS[1]) == 1 and redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then return 1 end
return 0`;
// Takes a node's sockets out (it died, or its realtime server closed): who is left with none.
const REAP = `
local gone = {}
for _, u in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local k = ARGV[2] .. u
  redis.call('HDEL', k, ARGV[1])
  if redis.call('HLEN', k) == 0 and redis.call('SREM', KEYS[2], u) == 1 then table.insert(gone, u) end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
return gone`;

const STATUSES: readonly PresenceStatus[] = ['online', 'away', 'dnd', 'offline'];
const asStatus = (v: string | undefined): PresenceStatus =>
  STATUSES.includes(v as PresenceStatus) ? (v as PresenceStatus) : 'online';

/**
 * Presence across nodes in Redis. Every node heartbeats; a node whose heartbeat lapses (killed,
 * cut off) is reaped by whichever node notices first, and its people who have no socket elsewhere
 * go offline (onChange announces them). A chosen status is a hash that expires with it.
 */
export class RedisPresenceState implements PresenceState {
  private readonly timer: NodeJS.Timeout;
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly started: Promise<void>;
  /** This node's own sockets per person: what it puts back when Redis returns empty-handed. */
  private readonly mine = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly node: string,
    private readonly onChange: (view: PresenceView) => void,
    private readonly heartbeatTimeoutMs: number,
  ) {
    const beat = () =>
      void this.heartbeat().catch((err: unknown) => logger.warn({ err }, 'presence heartbeat failed'));
    // A node started again under its old id first takes out what its previous process left.
    this.started = this.reap(node).then(
      (gone) => gone.forEach((userId) => onChange({ userId, status: 'offline', text: null })),
      (err: unknown) => logger.warn({ err }, 'presence of the previous process not cleared'),
    );
    beat();
    // After an outage (or a Redis restart that lost everything) this node states its sockets again.
    redis.on(
      'ready',
      () => void this.restate().catch((err: unknown) => logger.warn({ err }, 'presence not restated')),
    );
    this.timer = setInterval(beat, Math.max(250, Math.floor(heartbeatTimeoutMs / 3)));
    this.timer.unref();
  }

  private async heartbeat() {
    await this.redis
      .multi()
      .set(alive(this.node), '1', 'PX', this.heartbeatTimeoutMs)
      .sadd(NODES, this.node)
      .exec();
    for (const other of await this.redis.smembers(NODES)) {
      if (other === this.node || (await this.redis.exists(alive(other)))) continue;
      // One node reaps a dead one: the lock outlives a slow reap, not a second heartbeat timeout.
      if (!(await this.redis.set(`${P}reap:${other}`, this.node, 'PX', this.heartbeatTimeoutMs, 'NX')))
        continue;
      const gone = await this.reap(other);
      if (gone.length > 0)
        logger.info({ node: other, offline: gone.length }, 'took a dead node out of presence');
      for (const userId of gone) this.onChange({ userId, status: 'offline', text: null });
    }
  }

  private async restate() {
    if (this.mine.size === 0) return;
    const m = this.redis.multi();
    for (const [userId, n] of this.mine) {
      m.hset(socketsKey(userId), this.node, n).sadd(usersOn(this.node), userId).sadd(ONLINE, userId);
    }
    await m.exec();
  }

  private async reap(node: string): Promise<string[]> {
    const gone = (await this.redis.eval(REAP, 3, usersOn(node), ONLINE, NODES, node, `${P}s:`)) as string[];
    return gone;
  }

  async views(userIds: readonly string[]): Promise<Map<string, PresenceView>> {
    if (userIds.length === 0) return new Map();
    const pipe = this.redis.pipeline();
    for (const id of userIds) pipe.sismember(ONLINE, id).hmget(statusKey(id), 'status', 'text');
    const replies = (await pipe.exec()) ?? [];
    const out = new Map<string, PresenceView>();
    userIds.forEach((userId, i) => {
      const [e1, online] = replies[2 * i] ?? [];
      const [e2, st] = replies[2 * i + 1] ?? [];
      const err = e1 ?? e2;
      if (err) throw err;
      const [status, text] = (st as (string | null)[] | undefined) ?? [];
      out.set(
        userId,
        online === 1
          ? { userId, status: asStatus(status ?? undefined), text: text ? text : null }
          : { userId, status: 'offline', text: null },
      );
    });
    return out;
  }

  present(): Promise<string[]> {
    return this.redis.smembers(ONLINE);
  }

  private async viewOf(userId: string): Promise<PresenceView> {
    return (await this.views([userId])).get(userId) ?? { userId, status: 'offline', text: null };
  }

  async connect(userId: string, _socketId: string): Promise<PresenceView | null> {
    await this.started;
    this.mine.set(userId, (this.mine.get(userId) ?? 0) + 1);
    const first = await this.redis.eval(
      CONNECT,
      4,
      socketsKey(userId),
      ONLINE,
      usersOn(this.node),
      goneKey(userId),
      this.node,
      userId,
    );
    return first === 1 ? this.viewOf(userId) : null;
  }

  async disconnect(userId: string, _socketId: string): Promise<PresenceView | null> {
    const n = (this.mine.get(userId) ?? 1) - 1;
    if (n > 0) this.mine.set(userId, n);
    else this.mine.delete(userId);
    const last = await this.redis.eval(
      DISCONNECT,
      4,
      socketsKey(userId),
      ONLINE,
      usersOn(this.node),
      goneKey(userId),
      this.node,
      userId,
      GONE_MARK_MS,
    );
    return last === 1 ? { userId, status: 'offline', text: null } : null;
  }

  async settle(userId: string): Promise<boolean> {
    return (await this.redis.eval(SETTLE, 2, goneKey(userId), ONLINE, userId)) === 1;
  }

  async set(userId: string, input: PresenceSetInput): Promise<PresenceView> {
    const key = statusKey(userId);
    clearTimeout(this.expiries.get(userId));
    this.expiries.delete(userId);
    const text = input.text ? input.text : null;
    if (input.status === 'online' && text === null) await this.redis.del(key);
    else {
      const m = this.redis
        .multi()
        .del(key)
        .hset(key, 'status', input.status, 'text', text ?? '');
      if (input.expiresAt) m.pexpireat(key, Date.parse(input.expiresAt));
      await m.exec();
      if (input.expiresAt) {
        // Redis drops the status by itself; this node tells the others when it does.
        const t = setTimeout(
          () => {
            this.expiries.delete(userId);
            void this.viewOf(userId)
              .then((v) => v.status !== 'offline' && this.onChange(v))
              .catch((err: unknown) => logger.warn({ err }, 'presence expiry not announced'));
          },
          Date.parse(input.expiresAt) - Date.now() + 5,
        );
        t.unref();
        this.expiries.set(userId, t);
      }
    }
    return this.viewOf(userId);
  }

  async clear(): Promise<void> {
    this.mine.clear();
    await this.reap(this.node);
  }

  /** The runtime closes: no more heartbeats; the others see this node gone at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const t of this.expiries.values()) clearTimeout(t);
    this.expiries.clear();
    await this.reap(this.node).catch(() => []);
    await this.redis.del(alive(this.node)).catch(() => 0);
  }
}
