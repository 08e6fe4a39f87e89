import type PgBoss from 'pg-boss';
import { escalate } from '../domain/notification/escalate';
import { env } from '../env';
import { logFailure, logger } from '../lib/logger';
import type { Runtime } from '../runtime';
import { ensureQueue } from './queues';
import { pollQueue, type QueueWorker } from './worker';

const ESCALATE = 'notification-escalate';
export const NOTIFICATION_QUEUES = [ESCALATE];

/** The escalation timings as configured (server/env.ts). */
export function escalationTiming() {
  const e = env();
  return {
    pushDelayMs: e.NOTIFY_PUSH_DELAY_SECONDS * 1000,
    emailDelayMs: e.NOTIFY_EMAIL_DELAY_SECONDS * 1000,
    appUrl: e.APP_URL,
  };
}

/**
 * Notification escalation (push, then email) every NOTIFY_INTERVAL_SECONDS, as a singleton job so
 * that with several nodes one of them does each run; a run locks the rows it handles, so even two
 * runs at once would push and email each notification once.
 */
export async function startNotificationJobs(
  boss: PgBoss,
  rt: Runtime,
): Promise<{ workers: QueueWorker[]; stop(): void }> {
  await ensureQueue(boss, ESCALATE);
  const worker = pollQueue(
    boss,
    ESCALATE,
    async () => {
      const done = await escalate(rt, new Date(), escalationTiming());
      if (done.pushed + done.emails > 0) logger.info(done, 'notifications escalated');
    },
    1000,
  );
  const every = env().NOTIFY_INTERVAL_SECONDS;
  const enqueue = () =>
    boss
      .send(ESCALATE, {}, { singletonKey: 'all', singletonSeconds: every })
      .catch((err: unknown) => logFailure(err, 'could not schedule notification escalation'));
  void enqueue();
  const timer = setInterval(() => void enqueue(), every * 1000);
  timer.unref();
  return { workers: [worker], stop: () => clearInterval(timer) };
}
