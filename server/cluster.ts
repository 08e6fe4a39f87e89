import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { startEmbeddedPostgres } from './db/embedded';
import { runMigrations } from './db/migrate';
import { env } from './env';
import { logger } from './lib/logger';
import { loadOrCreateSecrets } from './lib/secrets';
import { exitStartFailed, stopOnSignals } from './lifecycle';
import { startLocalRedis } from './cluster-redis';

// `ENCLAVE_NODES=N npm start`: N Enclave processes behind the one port of this machine. This
// primary prepares what they share (PostgreSQL, embedded unless DATABASE_URL is set; Redis,
// Debian's redis-server unless REDIS_URL is set; migrations; the secrets), then forks the nodes.
// node:cluster hands each new connection to one of them (round-robin). That needs no stickiness:
// every shipped client opens its socket as one WebSocket, one connection (shared/socket-transports.ts);
// only the long-polling fallback would need a sticky balancer (docs/scaling.md, "Behind one URL").
// A node that dies is started again; the others carry its clients meanwhile.

const RESTART_DELAY_MS = 1_000;

async function main() {
  const e = env();
  const nodes = e.ENCLAVE_NODES;
  let stopDatabase: (() => Promise<void>) | null = null;
  let stopRedis: (() => Promise<void>) | null = null;

  const shared: Record<string, string> = {};
  const local = loadOrCreateSecrets(e.DATA_DIR);
  // Every node signs sessions and checkpoints and unwraps keys with the same secrets.
  shared.AUTH_SECRET = e.AUTH_SECRET ?? local.authSecret;
  shared.AUDIT_CHECKPOINT_KEY = e.AUDIT_CHECKPOINT_KEY ?? local.checkpointKey;
  shared.MASTER_KEY = e.MASTER_KEY ?? local.masterKey ?? '';
  if (e.DATABASE_URL && e.DATABASE_ADMIN_URL) {
    shared.DATABASE_URL = e.DATABASE_URL;
    shared.DATABASE_ADMIN_URL = e.DATABASE_ADMIN_URL;
  } else {
    const emb = await startEmbeddedPostgres({
      dir: path.join(e.DATA_DIR, 'pg'),
      port: e.EMBEDDED_PG_PORT,
      secrets: local,
      log: logger,
    });
    stopDatabase = () => emb.stop();
    shared.DATABASE_URL = emb.appUrl;
    shared.DATABASE_ADMIN_URL = emb.adminUrl;
  }
  await runMigrations(shared.DATABASE_ADMIN_URL, { log: (m) => logger.info(m) });
  if (e.REDIS_URL) shared.REDIS_URL = e.REDIS_URL;
  else {
    const redis = await startLocalRedis(path.join(e.DATA_DIR, 'redis'), e.EMBEDDED_REDIS_PORT);
    stopRedis = redis.stop;
    shared.REDIS_URL = redis.url;
  }

  let stopping = false;
  const slots = new Map<number, number>(); // worker id → node number
  const fork = (n: number): Worker => {
    const w = cluster.fork({
      ...shared,
      NODE_ID: `node-${n}`,
      // One node seeds the demo workspaces (when the database is empty), so they are made once.
      SEED_DEMO: n === 1 ? String(e.SEED_DEMO) : 'false',
    });
    slots.set(w.id, n);
    return w;
  };
  cluster.on('exit', (w, code, signal) => {
    const n = slots.get(w.id);
    slots.delete(w.id);
    if (stopping || n === undefined) return;
    logger.warn({ node: n, code, signal }, 'node exited: starting it again');
    setTimeout(() => !stopping && fork(n), RESTART_DELAY_MS).unref();
  });
  const entry = e.ENCLAVE_NODE_ENTRY === 'api' ? 'serve-api.ts' : 'index.ts';
  cluster.setupPrimary({ exec: path.join(import.meta.dirname, entry), execArgv: ['--import', 'tsx'] });
  for (let n = 1; n <= nodes; n++) fork(n);
  logger.info({ nodes, port: e.PORT, redis: shared.REDIS_URL }, 'Enclave nodes starting');
  process.stdout.write(`\nEnclave: ${nodes} nodes on port ${e.PORT}, sharing ${shared.REDIS_URL}\n`);

  stopOnSignals(
    async () => {
      stopping = true;
      // Each node drains on its own signal; the shared services stop once all have gone.
      const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      await Promise.all(
        all.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
            }),
        ),
      );
      await stopRedis?.();
      await stopDatabase?.();
    },
    { deadlineMs: 20_000 },
  );
}

await main().catch(exitStartFailed);
