import PgBoss from 'pg-boss';
import { adminDb, databaseUrls } from '../db';
import { env } from '../env';
import { appSecrets } from '../lib/app-secrets';
import { logger } from '../lib/logger';
import { writeCheckpoints } from '../domain/audit/service';

export interface Jobs {
  stop(): Promise<void>;
}

const AUDIT_CHECKPOINT = 'audit-checkpoint';

/**
 * Background work in pg-boss (jobs live in the same PostgreSQL, under the owner role).
 * Audit checkpoints: every AUDIT_CHECKPOINT_INTERVAL_SECONDS a singleton job signs each chain head,
 * so with several nodes the work still happens once per interval.
 */
export async function startJobs(): Promise<Jobs> {
  const e = env();
  const boss = new PgBoss({ connectionString: databaseUrls().adminUrl, max: 3 });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();
  await boss.createQueue(AUDIT_CHECKPOINT);
  await boss.work(AUDIT_CHECKPOINT, async () => {
    const n = await writeCheckpoints(adminDb(), appSecrets().checkpointKey);
    if (n > 0) logger.debug({ checkpoints: n }, 'audit checkpoints written');
  });
  const interval = e.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
  const enqueue = () =>
    boss
      .send(AUDIT_CHECKPOINT, {}, { singletonKey: 'all', singletonSeconds: interval })
      .catch((err: unknown) => logger.error({ err }, 'could not schedule audit checkpoint'));
  void enqueue();
  const timer = setInterval(() => void enqueue(), interval * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, timeout: 3000, close: true });
    },
  };
}
