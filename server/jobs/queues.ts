import type PgBoss from 'pg-boss';

/** Deadlock and serialization failure: PostgreSQL rolled the statement back, and it may be run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * pg-boss's createQueue, run again after a deadlock. Nodes that start together (ENCLAVE_NODES=N,
 * or several machines after a deploy) create the same queues at once, and pg-boss's create_queue
 * (an insert into its queue table and a new partition) can deadlock with itself; PostgreSQL then
 * aborts one of them, which used to stop that node at start-up.
 */
export async function ensureQueue(boss: Pick<PgBoss, 'createQueue'>, name: string, attempts = 8) {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name);
      return;
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      // Apart, so that the same two do not meet again.
      await sleep(25 * attempt + Math.random() * 100);
    }
  }
}
