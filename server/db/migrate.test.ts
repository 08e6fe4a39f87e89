import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appUrlForThisFile, ownerUrlFor, superUrlForThisFile } from '../../test/setup/db';
import { MigrationError, pendingMigrations, readMigrations, runMigrations } from './migrate';
import { OWNER_ROLE } from './roles';
import { readFunctions } from './sql-functions';

// Each test gets its own scratch database (owned by the owner role, as in production) and its own
// migrations and function folders, so the runner is exercised exactly as `npm run db:migrate` runs it.
const maintenanceUrl = () => {
  const u = new URL(superUrlForThisFile());
  u.pathname = '/postgres';
  return u.toString();
};
const created: string[] = [];
let dbName = '';
let dir = '';
let functionsDir = '';

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
const run = () => runMigrations(ownerUrlFor(dbName), { dir, functionsDir });
const pending = () => pendingMigrations((sql) => ownerQuery(sql), { dir, functionsDir });
const fn = (name: string, sql: string) => writeFileSync(path.join(functionsDir, `${name}.sql`), sql);
/** A function file for `name() → n` in plain SQL (checked when created, unlike PL/pgSQL). */
const constant = (name: string, n: number) =>
  `-- ${name}\nCREATE OR REPLACE FUNCTION ${name}() RETURNS int LANGUAGE sql AS $$ SELECT ${n} $$;\n`;
const value = async (expr: string) => (await ownerQuery<{ v: number }>(`SELECT ${expr} AS v`))[0]?.v;
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
  functionsDir = mkdtempSync(path.join(os.tmpdir(), 'enclave-functions-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(functionsDir, { recursive: true, force: true });
});
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

describe('function files', () => {
  it('applies them after the migrations, each after those it requires, and again only when changed', async () => {
    write('0001_t', 'CREATE TABLE t (n int);\nINSERT INTO t VALUES (10);');
    // a_total sorts first but calls z_base, and reads a table a migration creates: a plain SQL body
    // is checked when the function is created, so only this order works.
    fn(
      'a_total',
      '-- requires: z_base\nCREATE OR REPLACE FUNCTION a_total() RETURNS int LANGUAGE sql AS $$ SELECT z_base() + (SELECT sum(n)::int FROM t) $$;',
    );
    fn('z_base', constant('z_base', 1));
    expect(await run()).toEqual(['0001_t', 'functions/z_base.sql', 'functions/a_total.sql']);
    expect(await value('a_total()')).toBe(11);
    const files = readFunctions(functionsDir);
    expect(await recorded()).toEqual([
      { name: '0001_t', checksum: readMigrations(dir)[0]?.checksum },
      ...files
        .map((f) => ({ name: f.row, checksum: f.checksum }))
        .sort((x, y) => x.name.localeCompare(y.name)),
    ]);
    expect(await pending()).toEqual([]);
    expect(await run()).toEqual([]);

    // An unchanged file is not applied again: a definition replaced by hand stays.
    await ownerQuery(constant('z_base', 5));
    expect(await run()).toEqual([]);
    expect(await value('z_base()')).toBe(5);

    // A changed file is reported pending, then applied again, alone.
    fn('z_base', constant('z_base', 2));
    expect(await pending()).toEqual(['functions/z_base.sql']);
    expect(await run()).toEqual(['functions/z_base.sql']);
    expect(await value('a_total()')).toBe(12);
    expect(await pending()).toEqual([]);
  });

  it('rolls a broken file back, keeps the previous definition working, and stops there', async () => {
    for (const name of ['a_first', 'm_mid', 'z_last']) fn(name, constant(name, 1));
    await run();
    fn('m_mid', `${constant('m_mid', 2)}SELECT 1/0;\n`);
    fn('z_last', constant('z_last', 2));
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/^function file m_mid\.sql failed: division by zero/);
    expect([await value('a_first()'), await value('m_mid()'), await value('z_last()')]).toEqual([1, 1, 1]);
    expect(await pending()).toEqual(['functions/m_mid.sql', 'functions/z_last.sql']);

    fn('m_mid', constant('m_mid', 2));
    expect(await run()).toEqual(['functions/m_mid.sql', 'functions/z_last.sql']);
    expect([await value('m_mid()'), await value('z_last()')]).toEqual([2, 2]);
  });

  it('applies an unchanged file again when its function was dropped (a new signature)', async () => {
    fn('z_base', constant('z_base', 1));
    expect(await run()).toEqual(['functions/z_base.sql']);
    write('0001_drop', 'DROP FUNCTION z_base();');
    expect(await pending()).toEqual(['0001_drop']);
    expect(await run()).toEqual(['0001_drop', 'functions/z_base.sql']);
    expect(await value('z_base()')).toBe(1);
    await ownerQuery('DROP FUNCTION z_base()');
    expect(await pending()).toEqual(['functions/z_base.sql']);
  });

  it('refuses malformed function files before changing anything', async () => {
    write('0001_t', 'CREATE TABLE t (n int);');
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'Bad-Name': constant('x', 1) }, /Bad-Name\.sql: name it <function_name>\.sql/],
      [
        { two: constant('two', 1) + constant('other', 2) },
        /two\.sql must hold exactly one CREATE OR REPLACE/,
      ],
      [{ plain: 'CREATE FUNCTION plain() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;' }, /exactly one/],
      [
        { named: constant('not_named', 1) },
        /named\.sql must hold exactly one CREATE OR REPLACE FUNCTION named/,
      ],
      [
        { lonely: `-- requires: nope\n${constant('lonely', 1)}` },
        /lonely\.sql requires nope, which has no file/,
      ],
      [
        {
          a: `-- requires: b\n${constant('a', 1)}`,
          b: `-- requires: a\n${constant('b', 1)}`,
          c: constant('c', 1),
        },
        /require each other in a cycle: a, b$/,
      ],
    ];
    for (const [files, message] of cases) {
      rmSync(functionsDir, { recursive: true, force: true });
      mkdirSync(functionsDir);
      for (const [name, sql] of Object.entries(files)) fn(name, sql);
      const err = await run().catch((e: unknown) => e);
      expect(err, message.source).toBeInstanceOf(MigrationError);
      expect((err as Error).message).toMatch(message);
      expect(await tables()).toEqual([]);
    }
  });

  it("gives every function of this project's schema one definition, from its file, applied as it is", async () => {
    const c = new pg.Client({ connectionString: appUrlForThisFile() });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string; n: number }>(`
        SELECT p.proname AS name, count(*)::int AS n FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        GROUP BY 1 ORDER BY 1`);
      const names = readFunctions()
        .map((f) => f.name)
        .sort();
      expect(rows).toEqual(names.map((name) => ({ name, n: 1 })));
      expect(names).toContain('app_send_messages');
      // As the runtime role, as /api/ready asks: nothing on disk differs from what was applied.
      expect(
        await pendingMigrations(async (sql) => (await c.query<{ name: string; checksum: string }>(sql)).rows),
      ).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
