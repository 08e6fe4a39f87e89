import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerUrlFor, superUrlForThisFile } from '../test-utils/setup-db';
import { MigrationError, readMigrations, runMigrations } from './migrate';
import { OWNER_ROLE } from './roles';

// Each test gets its own scratch database (owned by the owner role, as in production) and its own
// migrations folder, so the runner is exercised exactly as `npm run db:migrate` runs it.
const maintenanceUrl = () => {
  const u = new URL(superUrlForThisFile());
  u.pathname = '/postgres';
  return u.toString();
};
const created: string[] = [];
let dbName = '';
let dir = '';

async function superQuery(sql: string) {
  const c = new pg.Client({ connectionString: maintenanceUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function ownerQuery<T extends pg.QueryResultRow>(sql: string) {
  const c = new pg.Client({ connectionString: ownerUrlFor(dbName) });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

const write = (name: string, sql: string) => {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
};
const run = () => runMigrations(ownerUrlFor(dbName), { dir });
const tables = async () =>
  (
    await ownerQuery<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
  ).map((r) => r.t);
const recorded = () =>
  ownerQuery<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migrations ORDER BY name',
  );

beforeEach(async () => {
  dbName = `scratch_${randomBytes(5).toString('hex')}`;
  created.push(dbName);
  await superQuery(`CREATE DATABASE "${dbName}" OWNER ${OWNER_ROLE}`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'enclave-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(async () => {
  for (const name of created) await superQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('migration runner', () => {
  it('applies migrations in name order and records their checksums; a second run applies nothing', async () => {
    // Written out of order: the runner must sort, and 0002 depends on 0001.
    write('0002_child', 'CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id));');
    write('0001_parent', 'CREATE TABLE parent (id int PRIMARY KEY);');
    write('not_a_migration', 'SELECT 1/0;');

    expect(await run()).toEqual(['0001_parent', '0002_child']);
    expect(await tables()).toEqual(['child', 'parent', 'schema_migrations']);
    const files = readMigrations(dir);
    expect(await recorded()).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
    expect(files[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);

    expect(await run()).toEqual([]);
    write('0003_more', 'ALTER TABLE child ADD COLUMN note text;');
    expect(await run()).toEqual(['0003_more']);
    expect((await recorded()).map((r) => r.name)).toEqual(['0001_parent', '0002_child', '0003_more']);
  });

  it('refuses a migration edited after it was applied, before applying anything else', async () => {
    write('0001_a', 'CREATE TABLE a (id int);');
    await run();
    write('0001_a', 'CREATE TABLE a (id bigint);');
    write('0002_b', 'CREATE TABLE b (id int);');
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toBe(
      'migration 0001_a was edited after it was applied (checksum mismatch)',
    );
    expect(await tables()).toEqual(['a', 'schema_migrations']);
  });

  it('refuses a new migration that sorts before one already applied', async () => {
    write('0002_b', 'CREATE TABLE b (id int);');
    await run();
    write('0001_a', 'CREATE TABLE a (id int);');
    await expect(run()).rejects.toThrow(/0001_a.*before.*0002_b/);
    expect(await tables()).toEqual(['b', 'schema_migrations']);
  });

  it('rolls a failing migration back entirely and keeps the earlier ones', async () => {
    write('0001_ok', 'CREATE TABLE ok (id int);');
    write('0002_bad', 'CREATE TABLE half (id int);\nINSERT INTO ok VALUES (1);\nSELECT 1/0;');
    write('0003_after', 'CREATE TABLE after_bad (id int);');
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/^migration 0002_bad failed: division by zero/);
    expect(await tables()).toEqual(['ok', 'schema_migrations']);
    expect(await ownerQuery('SELECT * FROM ok')).toEqual([]);
    expect((await recorded()).map((r) => r.name)).toEqual(['0001_ok']);

    // Never applied, so it may still be fixed; the next run picks up where the last one stopped.
    write('0002_bad', 'CREATE TABLE half (id int);');
    expect(await run()).toEqual(['0002_bad', '0003_after']);
  });

  it('lets two runners started at the same moment apply each migration exactly once', async () => {
    // Not idempotent: a second application would fail on the existing table or double the row.
    write('0001_slow', 'CREATE TABLE hits (n int);\nSELECT pg_sleep(0.3);\nINSERT INTO hits VALUES (1);');
    write('0002_next', 'INSERT INTO hits VALUES (2);');
    const [a, b] = await Promise.all([run(), run()]);
    expect([...a, ...b].sort()).toEqual(['0001_slow', '0002_next']);
    expect([a.length, b.length].sort()).toEqual([0, 2]);
    expect(await ownerQuery('SELECT n FROM hits ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    // The lock is released: a third run gets it at once and finds nothing to do.
    expect(await run()).toEqual([]);
  });
});
