import { Redis } from 'ioredis';
import { logger } from '../../lib/logger';

/**
 * The node's connections to the deployment's Redis: one for commands (rate limits, presence,
 * typing, publishing), one subscribed to the bus. The Socket.IO adapter makes its own from the
 * command one. ioredis reconnects by itself; while it is away the node keeps serving its own
 * sockets and reports not-ready.
 */
export class RedisConnections {
  readonly command: Redis;
  readonly subscriber: Redis;

  constructor(url: string) {
    const opts = {
      // Commands issued while Redis is away fail fast instead of queueing without bound: the callers
      // (limits, presence) have a fallback or report the failure.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      retryStrategy: (times: number) => Math.min(100 * times, 2_000),
      lazyConnect: false,
    };
    this.command = new Redis(url, { ...opts, connectionName: 'enclave' });
    this.subscriber = new Redis(url, { ...opts, connectionName: 'enclave-bus' });
    for (const [name, c] of [
      ['command', this.command],
      ['bus', this.subscriber],
    ] as const) {
      c.on('error', (err: Error) => logger.warn({ err: err.message, connection: name }, 'redis error'));
    }
  }

  connected(): boolean {
    return this.command.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Waits for both connections (start-up should fail loudly when Redis is not there at all). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const wait = (c: Redis) =>
      c.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const t = setTimeout(
              () => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)),
              timeoutMs,
            );
            c.once('ready', () => {
              clearTimeout(t);
              resolve();
            });
          });
    await Promise.all([wait(this.command), wait(this.subscriber)]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.command.quit(), this.subscriber.quit()]);
    this.command.disconnect();
    this.subscriber.disconnect();
  }
}
