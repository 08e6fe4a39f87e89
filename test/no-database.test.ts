import { describe, expect, it } from 'vitest';
import { createPrismaClient } from '../server/db/client';
import { env } from '../server/env';
import { testRuntime } from './runtime';

// A unit test (vitest.config.ts) that reaches for the database fails at once, saying why.
describe('the unit project has no database', () => {
  it('has no test runtime', () => {
    expect(() => testRuntime()).toThrow(/no test runtime: the integration project builds one/);
  });

  it('refuses the per-file database set-up', async () => {
    await expect(import('./setup/db')).rejects.toThrow(/no test database in this project/);
  });

  it('refuses a connection from product code at once instead of waiting', { timeout: 5_000 }, async () => {
    const db = createPrismaClient(env().DATABASE_URL!, 1);
    try {
      await expect(db.$queryRaw`SELECT 1`).rejects.toThrow();
    } finally {
      await db.$disconnect();
    }
  });
});
