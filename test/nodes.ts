import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from '../server/app';
import { setEnvForProcess } from '../server/env';
import { createRuntime, type RuntimeOptions } from '../server/runtime';
import { startRedis, type TestRedis } from './redis';
import { testRuntime } from './runtime';
import { lazyApp } from './server';
import { closeAllClients } from './sockets';

// Several nodes of one deployment in one test file, as the tests of the Redis side run them.

/** A redis-server for this file: started in beforeAll, stopped in afterAll. */
export function useRedis(): TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const it = (): TestRedis => {
    if (redis) return redis;
    throw new Error('useRedis(): redis-server starts in beforeAll; read it from a test or a later hook');
  };
  return {
    get url() {
      return it().url;
    },
    get port() {
      return it().port;
    },
    kill: () => it().kill(),
    start: () => it().start(),
    stop: () => it().stop(),
  };
}

/**
 * One node per id, each its own runtime (caches, presence, limits, Socket.IO server) on this
 * file's database, joined by `redis`: whatever crosses from one to another crosses through Redis,
 * as between two machines. Started in beforeAll (after `env` is applied); in afterAll the socket
 * clients close, the nodes stop and their runtimes close. Each node's runtime is `node.runtime`.
 */
export function useNodes<const Ids extends readonly string[]>(
  redis: { url: string },
  nodeIds: Ids,
  opts: { env?: Record<string, string> } & Pick<RuntimeOptions, 'presenceGraceMs'> = {},
): { [I in keyof Ids]: RunningApp } {
  const running: RunningApp[] = [];
  beforeAll(async () => {
    if (opts.env) setEnvForProcess(opts.env);
    for (const nodeId of nodeIds) {
      const runtime = createRuntime(testRuntime().db, {
        redisUrl: redis.url,
        nodeId,
        presenceGraceMs: opts.presenceGraceMs,
      });
      running.push(await startApp({ port: 0, seed: false, runtime, jobs: false }));
    }
  });
  afterAll(async () => {
    closeAllClients();
    for (const node of running) await node.shutdown();
    for (const node of running) await node.runtime.close();
  });
  return nodeIds.map((id, i) => lazyApp(() => running[i], `useNodes() ${id}`)) as {
    [I in keyof Ids]: RunningApp;
  };
}
