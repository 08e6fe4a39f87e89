import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { scanVersion } from '../domain/attachment/scan';
import { removeGoneBlobs, removeUnsent } from '../domain/attachment/sweep';
import { logFailure, logger } from '../lib/logger';
import type { Runtime } from '../runtime';
import type { FileJobsPort } from '../runtime/files';
import { ensureQueue } from './queues';
import { pollQueue, type QueueWorker } from './worker';

const SCAN = 'file-scan';
const SWEEP = 'file-sweep';
export const FILE_QUEUES = [SCAN, SWEEP];
/** How often deleted files' blobs and uploads never sent are cleared away. */
const SWEEP_SECONDS = 600;
const scanJob = z.object({ workspaceId: z.uuid(), versionId: z.uuid() });

/**
 * The file queues: a scan (then a thumbnail) per new version, polled every half second because a
 * person waits on it; and the sweep of deleted blobs and abandoned uploads, every ten minutes on
 * whichever node takes it.
 */
export async function startFileJobs(
  boss: PgBoss,
  rt: Runtime,
): Promise<{ port: FileJobsPort; workers: QueueWorker[]; stop(): void }> {
  await ensureQueue(boss, SCAN);
  await ensureQueue(boss, SWEEP);
  const scans = pollQueue(
    boss,
    SCAN,
    async (jobs) => {
      for (const job of jobs) {
        const parsed = scanJob.safeParse(job.data);
        if (!parsed.success) {
          logger.error({ jobId: job.id }, 'file scan job with bad data dropped');
          continue;
        }
        await scanVersion(rt, parsed.data);
      }
    },
    500,
  );
  const sweeps = pollQueue(boss, SWEEP, async () => {
    const unsent = await removeUnsent(rt);
    const blobs = await removeGoneBlobs(rt);
    if (unsent + blobs > 0) logger.info({ unsent, blobs }, 'file sweep');
  });
  const enqueueSweep = async () => {
    await boss.send(SWEEP, {}, { singletonKey: 'all', singletonSeconds: 5, retryLimit: 3 });
  };
  const timer = setInterval(() => {
    enqueueSweep().catch((err: unknown) => logFailure(err, 'could not schedule the file sweep'));
  }, SWEEP_SECONDS * 1000);
  timer.unref();
  return {
    port: {
      enqueueScan: async (job) => {
        await boss.send(SCAN, job, { singletonKey: job.versionId, retryLimit: 3, retryDelay: 5 });
      },
      enqueueSweep,
    },
    workers: [scans, sweeps],
    stop: () => clearInterval(timer),
  };
}
