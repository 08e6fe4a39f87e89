import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

export const FUNCTIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/functions');

/** schema_migrations rows of function files carry this prefix (migrations start with a digit). */
export const FUNCTION_ROW_PREFIX = 'functions/';

export interface FunctionFile {
  /** The function's name, which is also the file's name without `.sql`. */
  name: string;
  /** Its row in schema_migrations: `functions/<name>.sql`. */
  row: string;
  sql: string;
  checksum: string;
  /** Functions this one needs to exist first (`-- requires: a, b` lines). */
  requires: string[];
}

/** A migration or function file that cannot be applied (migrate.ts re-exports it). */
export class MigrationError extends Error {}

const FILE_NAME = /^([a-z_][a-z0-9_]*)\.sql$/;
const CREATE = /\bCREATE\s+(OR\s+REPLACE\s+)?FUNCTION\s+([A-Za-z0-9_."]+)\s*\(/gi;

function parse(dir: string, file: string): FunctionFile {
  const name = FILE_NAME.exec(file)?.[1];
  if (!name) throw new MigrationError(`function file ${file}: name it <function_name>.sql (lower case)`);
  const sql = readFileSync(path.join(dir, file), 'utf8');
  // Comments may mention CREATE FUNCTION; only statements count.
  const code = sql.replace(/--[^\n]*/g, '');
  const creates = [...code.matchAll(CREATE)];
  // One function per file, replaceable in place, named like the file (the runner checks its
  // existence by that name).
  if (creates.length !== 1 || !creates[0]?.[1] || creates[0][2] !== name) {
    throw new MigrationError(
      `function file ${file} must hold exactly one CREATE OR REPLACE FUNCTION ${name}(…)`,
    );
  }
  const requires = [...sql.matchAll(/^--\s*requires:(.*)$/gm)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    name,
    row: `${FUNCTION_ROW_PREFIX}${file}`,
    sql,
    checksum: createHash('sha256').update(sql).digest('hex'),
    requires,
  };
}

/**
 * The function files in the order they are applied: every file after the ones it requires, and
 * otherwise by name, so the order never depends on the file system.
 */
export function readFunctions(dir = FUNCTIONS_DIR): FunctionFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parse(dir, f));
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const f of files) {
    for (const r of f.requires) {
      if (!byName.has(r))
        throw new MigrationError(`function file ${f.name}.sql requires ${r}, which has no file`);
    }
  }
  const ordered: FunctionFile[] = [];
  const placed = new Set<string>();
  while (ordered.length < files.length) {
    // The first file by name whose requirements are all placed (files are sorted by name).
    const next = files.find((f) => !placed.has(f.name) && f.requires.every((r) => placed.has(r)));
    if (!next) {
      const left = files.filter((f) => !placed.has(f.name)).map((f) => f.name);
      throw new MigrationError(`function files require each other in a cycle: ${left.join(', ')}`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/**
 * The recorded rows that are current: every migration row, and a function file's row only while
 * its function exists (a migration may drop one to change its signature; the file then applies again).
 */
export const CURRENT_ROWS_SQL = `SELECT s.name, s.checksum FROM schema_migrations s
  WHERE s.name NOT LIKE '${FUNCTION_ROW_PREFIX}%' OR EXISTS (SELECT 1 FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
      AND s.name = '${FUNCTION_ROW_PREFIX}' || p.proname || '.sql')`;

/** Function files not applied in their current form, given the current rows. */
export const pendingFunctions = (files: FunctionFile[], done: Map<string, string>) =>
  files.filter((f) => done.get(f.row) !== f.checksum);

/**
 * Applies each pending function file in its own transaction, in order; the first failure rolls
 * that file back (the previous definition stays) and stops the run.
 */
export async function applyFunctions(
  client: pg.Client,
  files: FunctionFile[],
  done: Map<string, string>,
  log?: (m: string) => void,
): Promise<string[]> {
  const applied: string[] = [];
  for (const f of pendingFunctions(files, done)) {
    await client.query('BEGIN');
    try {
      await client.query(f.sql);
      await client.query(
        `INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
        [f.row, f.checksum],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      const hint = /cannot change (return type|name of input parameter)/.test((e as Error).message)
        ? ' (a new signature needs a migration that drops the function first)'
        : '';
      throw new MigrationError(`function file ${f.name}.sql failed: ${(e as Error).message}${hint}`);
    }
    applied.push(f.row);
    log?.(`applied function ${f.name}`);
  }
  return applied;
}
