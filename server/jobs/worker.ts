import type PgBoss from 'pg-boss';
import { logFailure } from '../lib/logger';

export interface QueueWorker {
  /**
   * Stops polling, and waits up to `graceMs` for the job in hand to finish and its outcome to be
   * written. One still running after that is left active: pg-boss expires it and runs it again.
   */
  stop(graceMs?: number): Promise<void>;
}

type Boss = Pick<PgBoss, 'fetch' | 'complete' | 'fail'>;

/**
 * A worker over pg-boss's fetch, complete and fail, used instead of boss.work().
 *
 * pg-boss 10 (the last major on Node 20) calls complete and fail without awaiting them, so a job
 * that ends while PostgreSQL is away rejects with no handler, and Node stops the whole process:
 * that is how a node died in the restart-under-load test. Here every call is awaited and a failure
 * is logged. A job whose outcome could not be written stays active; pg-boss expires it and, within
 * its retry limit, runs it again.
 */
export function pollQueue<T>(
  boss: Boss,
  name: string,
  handler: (jobs: PgBoss.Job<T>[]) => Promise<void>,
  intervalMs = 2000,
): QueueWorker {
  let stopping = false;
  let wake: (() => void) | null = null;
  const fields = { queue: name };

  async function once(): Promise<boolean> {
    let jobs: PgBoss.Job<T>[];
    try {
      jobs = await boss.fetch<T>(name);
    } catch (err) {
      logFailure(err, 'could not fetch jobs', fields);
      return false;
    }
    if (jobs.length === 0) return false;
    const ids = jobs.map((j) => j.id);
    let failure: string | null = null;
    try {
      await handler(jobs);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
      logFailure(err, 'job failed', { ...fields, jobs: ids });
    }
    try {
      if (failure === null) await boss.complete(name, ids);
      // One by one: pg-boss's typings take output data only with a single id.
      else for (const id of ids) await boss.fail(name, id, { message: failure });
    } catch (err) {
      logFailure(err, 'could not record a job outcome', { ...fields, jobs: ids });
    }
    return true;
  }

  const loop = (async () => {
    while (!stopping) {
      // After a job, look again at once: a backlog (a key rotation's batches) should not wait.
      if (await once()) continue;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    async stop(graceMs = 3000) {
      stopping = true;
      wake?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loop, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
