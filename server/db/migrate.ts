import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { RUNTIME_ROLE } from './roles';
import {
  applyFunctions,
  CURRENT_ROWS_SQL,
  MigrationError,
  pendingFunctions,
  readFunctions,
} from './sql-functions';

export { MigrationError };

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');
const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+$/;
// Any fixed 64-bit key; two processes migrating at once queue on it instead of racing.
const LOCK_KEY = 4_801_227_913;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && MIGRATION_NAME.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Where the runner reads from: the migrations folder and the function files' folder. */
export interface MigrationDirs {
  dir?: string;
  functionsDir?: string;
}

/**
 * Applies pending migrations as the owner role: one transaction per migration, an advisory lock
 * held for the whole run, and a checksum per applied migration that refuses later edits. Then,
 * under the same lock, the function files (prisma/functions) that are new, changed, or whose
 * function a migration dropped: each in its own transaction. Returns what it applied, in order.
 */
export async function runMigrations(
  adminUrl: string,
  opts: MigrationDirs & { log?: (m: string) => void } = {},
) {
  const files = readMigrations(opts.dir);
  // Read (and order) the function files first: a malformed one stops the run before any change.
  const functions = readFunctions(opts.functionsDir);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    const role = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
      [RUNTIME_ROLE],
    );
    const runtime = role.rows[0];
    if (!runtime) {
      throw new MigrationError(
        `role ${RUNTIME_ROLE} does not exist: create it (LOGIN NOBYPASSRLS) and use it in DATABASE_URL`,
      );
    }
    // Row-level security does not apply to such a role: tenant isolation would silently be off.
    if (runtime.rolsuper || runtime.rolbypassrls) {
      throw new MigrationError(
        `role ${RUNTIME_ROLE} must not be a superuser or have BYPASSRLS: ALTER ROLE ${RUNTIME_ROLE} NOSUPERUSER NOBYPASSRLS`,
      );
    }
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`GRANT SELECT ON schema_migrations TO ${RUNTIME_ROLE}`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>(CURRENT_ROWS_SQL)).rows.map((r) => [
        r.name,
        r.checksum,
      ]),
    );
    // Validate everything before applying anything, so a bad state never gets half-migrated.
    const lastApplied = [...done.keys()]
      .filter((n) => MIGRATION_NAME.test(n))
      .sort()
      .at(-1);
    for (const m of files) {
      const prior = done.get(m.name);
      if (prior !== undefined && prior !== m.checksum) {
        throw new MigrationError(`migration ${m.name} was edited after it was applied (checksum mismatch)`);
      }
      if (prior === undefined && lastApplied !== undefined && m.name < lastApplied) {
        throw new MigrationError(
          `migration ${m.name} sorts before ${lastApplied}, which is already applied: rename it to come last`,
        );
      }
    }
    for (const m of files) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
      opts.log?.(`applied migration ${m.name}`);
    }
    applied.push(...(await applyFunctions(client, functions, await currentRows(client), opts.log)));
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

async function currentRows(client: pg.Client) {
  const { rows } = await client.query<{ name: string; checksum: string }>(CURRENT_ROWS_SQL);
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/**
 * Names of migrations and function files (`functions/<name>.sql`) present on disk but not applied
 * in their current form: empty when the schema is current.
 */
export async function pendingMigrations(
  query: (sql: string) => Promise<{ name: string; checksum: string }[]>,
  dirs: MigrationDirs = {},
) {
  const rows = await query(CURRENT_ROWS_SQL);
  const done = new Map(rows.map((r) => [r.name, r.checksum]));
  return [
    ...readMigrations(dirs.dir)
      .filter((m) => done.get(m.name) !== m.checksum)
      .map((m) => m.name),
    ...pendingFunctions(readFunctions(dirs.functionsDir), done).map((f) => f.row),
  ];
}
