import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import { logger } from '../../lib/logger';
import { defaultNodeId, LocalBus, type ClusterBus } from './bus';
import { RedisBus } from './redis-bus';
import { RedisConnections } from './redis';

/**
 * How this node reaches the others of its deployment: nothing on one node; Redis on several (the
 * bus for invalidations and identity events, the Socket.IO adapter for rooms and broadcasts, and
 * the store of limits, presence and typing).
 */
export interface Cluster {
  readonly nodeId: string;
  readonly bus: ClusterBus;
  /** The command connection to Redis, when the deployment has one. */
  readonly redis: Redis | null;
  /** The Socket.IO adapter option (undefined: Socket.IO's in-memory default). */
  socketAdapter(): ServerOptions['adapter'] | undefined;
  /** False while Redis is unreachable. */
  connected(): boolean;
  /** Resolves once Redis answers (immediately on one node). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  redisUrl?: string;
  nodeId?: string;
}

export function createCluster(opts: ClusterOptions): Cluster {
  const nodeId = opts.nodeId ?? defaultNodeId();
  if (!opts.redisUrl) {
    const bus = new LocalBus(nodeId);
    return {
      nodeId,
      bus,
      redis: null,
      socketAdapter: () => undefined,
      connected: () => true,
      ready: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  const url = opts.redisUrl;
  const conns = new RedisConnections(url);
  const bus = new RedisBus(conns, nodeId);
  // The adapter's writes fail fast while Redis is away, so a broadcast still reaches this node's
  // own sockets at once (Socket.IO delivers locally after trying to publish); the other nodes miss
  // it, and their clients find the gap by seq and sync. Its readers (duplicates of the writer) wait
  // through the outage instead, and resume the stream from their last offset when Redis is back.
  const backoff = (times: number) => Math.min(100 * times, 2_000);
  const writer = new Redis(url, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectionName: 'enclave-sio',
    retryStrategy: backoff,
  });
  const duplicate = writer.duplicate.bind(writer);
  writer.duplicate = (override) =>
    duplicate({ ...override, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: backoff });
  writer.on('error', (err: Error) =>
    logger.warn({ err: err.message, connection: 'socket.io' }, 'redis error'),
  );
  const writerReady = () =>
    writer.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => writer.once('ready', () => resolve()));
  return {
    nodeId,
    bus,
    redis: conns.command,
    socketAdapter() {
      return createAdapter(writer, { streamName: 'enclave:sio', maxLen: 100_000 });
    },
    connected: () => conns.connected(),
    ready: async () => {
      await conns.ready();
      await writerReady();
    },
    async close() {
      await bus.close();
      await conns.close();
      writer.disconnect();
    },
  };
}
