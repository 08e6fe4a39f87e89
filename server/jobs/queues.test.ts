import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime';
import { ensureQueue } from './queues';

// Several nodes starting at once create the same pg-boss queues at once (what ENCLAVE_NODES=3 does
// on every start); pg-boss's create_queue can deadlock with itself there.
const NODES = 6;
const ROUNDS = 8;
const bosses: PgBoss[] = [];

beforeAll(async () => {
  for (let i = 0; i < NODES; i++) {
    const boss = new PgBoss({ connectionString: testRuntime().db.adminUrl, max: 2 });
    boss.on('error', () => undefined);
    bosses.push(boss);
  }
  // pg-boss installs its schema under its own lock: one start first, as the primary's migration does.
  await bosses[0]!.start();
  await Promise.all(bosses.slice(1).map((b) => b.start()));
});
afterAll(async () => {
  await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: true })));
});

describe('queues created by nodes starting together', () => {
  it('exist once, and no node fails to start', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const names = [`race-a-${randomUUID()}`, `race-b-${randomUUID()}`];
      const results = await Promise.allSettled(
        bosses.map(async (b) => {
          for (const name of names) await ensureQueue(b, name);
        }),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      for (const name of names) expect((await bosses[0]!.getQueue(name))?.name).toBe(name);
    }
  });

  it('gives up at once on an error that is not a deadlock', async () => {
    let calls = 0;
    const failing = {
      createQueue: () => {
        calls += 1;
        return Promise.reject(Object.assign(new Error('permission denied'), { code: '42501' }));
      },
    };
    await expect(ensureQueue(failing, 'x')).rejects.toThrow('permission denied');
    expect(calls).toBe(1);
  });
});
