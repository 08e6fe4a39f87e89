import { z } from 'zod';
import { logger } from '../../lib/logger';
import { topics, type ClusterBus, type Topic } from './bus';
import type { RedisConnections } from './redis';

const envelope = z.object({ from: z.string(), payload: z.unknown() });
const channelOf = (topic: Topic) => `enclave:bus:${topic}`;

/**
 * The bus over Redis pub/sub. A message lost while Redis is away is a cache entry kept a little
 * longer (every cache here has a short TTL) or a revoked session's cache entry living out its few
 * seconds; the session sweep and the TTLs cover both, so at-most-once delivery is enough here.
 */
export class RedisBus implements ClusterBus {
  private readonly handlers = new Map<Topic, ((payload: never) => void)[]>();

  constructor(
    private readonly redis: RedisConnections,
    readonly nodeId: string,
  ) {
    redis.subscriber.on('message', (channel: string, raw: string) => this.receive(channel, raw));
  }

  connected() {
    return this.redis.connected();
  }

  publish<T extends Topic>(topic: T, payload: z.infer<(typeof topics)[T]>) {
    this.redis.command
      .publish(channelOf(topic), JSON.stringify({ from: this.nodeId, payload }))
      .catch((err: unknown) => logger.warn({ err, topic }, 'cluster message not sent'));
  }

  subscribe<T extends Topic>(topic: T, fn: (payload: z.infer<(typeof topics)[T]>) => void) {
    const list = this.handlers.get(topic);
    if (list) list.push(fn);
    else {
      this.handlers.set(topic, [fn]);
      this.redis.subscriber
        .subscribe(channelOf(topic))
        .catch((err: unknown) => logger.error({ err, topic }, 'cluster subscription failed'));
    }
  }

  private receive(channel: string, raw: string) {
    const topic = (Object.keys(topics) as Topic[]).find((t) => channelOf(t) === channel);
    if (!topic) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return logger.warn({ channel }, 'cluster message is not JSON');
    }
    const env = envelope.safeParse(parsed);
    if (!env.success || env.data.from === this.nodeId) return;
    const payload = topics[topic].safeParse(env.data.payload);
    if (!payload.success) return logger.warn({ channel }, 'cluster message refused by its schema');
    for (const fn of this.handlers.get(topic) ?? []) {
      try {
        (fn as (p: unknown) => void)(payload.data);
      } catch (err) {
        logger.error({ err, topic }, 'cluster message handler failed');
      }
    }
  }

  close() {
    return Promise.resolve();
  }
}
