import { randomBytes } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime';
import { ensureQueue } from './queues';
import { pollQueue } from './worker';

// A schema of its own, so that hiding its job table touches nothing else in the test database.
const schema = `pgboss_worker_${randomBytes(4).toString('hex')}`;
const queue = 'probe';
let boss: PgBoss;
let sql: pg.Client;

const eventually = async (f: () => Promise<boolean>, ms = 15_000) => {
  const until = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  boss = new PgBoss({
    connectionString: testRuntime().db.adminUrl,
    schema,
    max: 2,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueue(boss, queue);
  sql = new pg.Client({ connectionString: testRuntime().db.adminUrl });
  await sql.connect();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.end();
});

describe('a job queue worker', () => {
  it('survives a job whose outcome cannot be written, and goes on with the next job', async () => {
    // boss.work() here left a rejection nobody handled, which stops a Node process.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const done: string[] = [];
    const worker = pollQueue<{ n: number }>(
      boss,
      queue,
      async (jobs) => {
        for (const job of jobs) {
          // The database "goes away" for pg-boss while the first job runs: its job table is gone.
          if (job.data.n === 1) await sql.query(`ALTER TABLE ${schema}.job RENAME TO job_away`);
          done.push(String(job.data.n));
        }
      },
      50,
    );
    try {
      const first = await boss.send(queue, { n: 1 });
      await eventually(() => Promise.resolve(done.includes('1')));
      // Complete failed and the next fetches fail too; the worker keeps polling.
      await new Promise((r) => setTimeout(r, 300));
      await sql.query(`ALTER TABLE ${schema}.job_away RENAME TO job`);
      const second = await boss.send(queue, { n: 2 });
      await eventually(async () => (await boss.getJobById(queue, second!))?.state === 'completed');
      // The first is still active, for pg-boss to expire and retry: not lost, not marked done.
      expect((await boss.getJobById(queue, first!))?.state).toBe('active');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await worker.stop();
    }
  });

  it('marks a job that throws as failed, with its message', async () => {
    const worker = pollQueue(boss, queue, () => Promise.reject(new Error('the handler refused')), 50);
    try {
      const id = await boss.send(queue, { n: 3 }, { retryLimit: 0 });
      await eventually(async () => (await boss.getJobById(queue, id!))?.state === 'failed');
      expect((await boss.getJobById(queue, id!))?.output).toEqual({ message: 'the handler refused' });
    } finally {
      await worker.stop();
    }
  });
});
