import path from 'node:path';
import { env } from '../env';
import { logger } from '../lib/logger';
import { loadOrCreateSecrets } from '../lib/secrets';
import { createPrismaClient } from './client';
import { startEmbeddedPostgres } from './embedded';
import type { Db } from './client';
import { runMigrations } from './migrate';

/** The process's database clients: the runtime role (RLS applies) and the owner role (admin work). */
export interface DatabaseHandles {
  /** Connects as the role without BYPASSRLS. Use it through the gates' tenant transactions. */
  app: Db;
  /** The owner: for admin jobs that must see every workspace. Never for request handling. */
  admin: Db;
  appUrl: string;
  adminUrl: string;
}

export interface DatabaseRuntime extends DatabaseHandles {
  embedded: boolean;
  /** Closes the clients (and stops the embedded PostgreSQL, when this started it). */
  stop(): Promise<void>;
}

/**
 * Connects to the configured PostgreSQL, or starts the embedded one under DATA_DIR when
 * DATABASE_URL is unset; applies pending migrations; opens the clients.
 */
export async function bootstrapDatabase(opts: { migrate: boolean }): Promise<DatabaseRuntime> {
  const e = env();
  let appUrl: string;
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (e.DATABASE_URL && e.DATABASE_ADMIN_URL) {
    appUrl = e.DATABASE_URL;
    adminUrl = e.DATABASE_ADMIN_URL;
  } else {
    const secrets = loadOrCreateSecrets(e.DATA_DIR);
    logger.info(
      { dir: path.join(e.DATA_DIR, 'pg'), port: e.EMBEDDED_PG_PORT },
      'starting embedded PostgreSQL',
    );
    const emb = await startEmbeddedPostgres({
      dir: path.join(e.DATA_DIR, 'pg'),
      port: e.EMBEDDED_PG_PORT,
      secrets,
      log: logger,
    });
    appUrl = emb.appUrl;
    adminUrl = emb.adminUrl;
    stopEmbedded = () => emb.stop();
  }
  if (opts.migrate) await runMigrations(adminUrl, { log: (m) => logger.info(m) });
  const app = createPrismaClient(appUrl, e.DATABASE_POOL_SIZE);
  const admin = createPrismaClient(adminUrl, 3);
  return {
    app,
    admin,
    appUrl,
    adminUrl,
    embedded: stopEmbedded !== undefined,
    async stop() {
      await Promise.allSettled([app.$disconnect(), admin.$disconnect()]);
      await stopEmbedded?.();
    },
  };
}
