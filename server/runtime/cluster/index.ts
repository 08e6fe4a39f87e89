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
  // The adapter's own connection waits through an outage instead of failing its commands: its
  // stream reads resume from the last offset and its writes go out once Redis is back, so a
  // broadcast made meanwhile still arrives (clients that missed one anyway catch up by seq).
  let adapterClient: Redis | null = null;
  return {
    nodeId,
    bus,
    redis: conns.command,
    socketAdapter() {
      adapterClient ??= new Redis(url, {
        maxRetriesPerRequest: null,
        connectionName: 'enclave-sio',
        retryStrategy: (times: number) => Math.min(100 * times, 2_000),
      });
      adapterClient.on('error', (err: Error) =>
        logger.warn({ err: err.message, connection: 'socket.io' }, 'redis error'),
      );
      return createAdapter(adapterClient, { streamName: 'enclave:sio', maxLen: 100_000 });
    },
    connected: () => conns.connected(),
    ready: () => conns.ready(),
    async close() {
      await bus.close();
      await conns.close();
      adapterClient?.disconnect();
    },
  };
}
