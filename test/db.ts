import pg from 'pg';
import { superUrlForThisFile } from './setup/db';

// Raw access to this test file's database as the superuser, past row-level security and grants:
// for reading what is stored (ciphertext, key rows) and for tampering, never for making test data.

/** Runs `fn` on a fresh superuser connection, closed afterwards. */
export async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: superUrlForThisFile() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** One statement as the superuser; its rows. */
export const superQuery = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  asSuperuser(async (c) => (await c.query<T>(sql, params)).rows);
