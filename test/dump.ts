import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { superQuery } from './db';

// What a person with the database in hand would see: a dump, and its files on disk.

/**
 * Every row of every table of this test's database as text, the way a data-only dump renders it
 * (bytea as hex). The machine's pg_dump is older than the embedded server, so the dump is read
 * with the same queries pg_dump's COPY would run.
 */
export async function dumpAll(): Promise<string> {
  const tables = await superQuery<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { s, t } of tables) {
    const rows = await superQuery<{ r: string }>(`SELECT x::text AS r FROM "${s}"."${t}" x`);
    parts.push(`-- ${s}.${t}`, ...rows.map((r) => r.r));
  }
  return parts.join('\n');
}

/** The database's own files after a checkpoint: tables, TOAST, indexes and the write-ahead log. */
export async function rawFiles(): Promise<Buffer[]> {
  const [{ dir }] = (await superQuery<{ dir: string }>('SHOW data_directory').then((r) =>
    r.map((x) => ({ dir: (x as unknown as { data_directory: string }).data_directory })),
  )) as [{ dir: string }];
  const [{ oid }] = (await superQuery<{ oid: number }>(
    'SELECT oid FROM pg_database WHERE datname = current_database()',
  )) as [{ oid: number }];
  await superQuery('CHECKPOINT');
  const out: Buffer[] = [];
  for (const sub of [path.join('base', String(oid)), 'pg_wal']) {
    const d = path.join(dir, sub);
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isFile()) out.push(readFileSync(p));
    }
  }
  return out;
}
