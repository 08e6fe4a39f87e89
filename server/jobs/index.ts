import PgBoss from 'pg-boss';
import { env } from '../env';
import { appSecrets } from '../lib/app-secrets';
import { logFailure, logger } from '../lib/logger';
import { writeCheckpoints } from '../domain/audit/service';
import { rotationJob, runRotation } from '../domain/keys/reencrypt';
import { sweepWorkspace, workspacesWithRules } from '../domain/compliance/sweep';
import { pruneAudit } from '../domain/compliance/audit-prune';
import { runExport } from '../domain/compliance/export/build';
import { removeExpiredFiles } from '../domain/compliance/export/expire';
import { runAccess } from '../domain/privacy/access';
import { exportSettings } from '../domain/compliance/export/settings';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { ensureQueue } from './queues';
import { pollQueue } from './worker';
import { FILE_QUEUES, startFileJobs } from './files';
import { NOTIFICATION_QUEUES, startNotificationJobs } from './notifications';

export interface Jobs {
  stop(): Promise<void>;
}

const AUDIT_CHECKPOINT = 'audit-checkpoint';
const KEY_ROTATION = 'key-rotation';
const RETENTION = 'retention-sweep';
const EXPORT = 'workspace-export';
const ACCESS = 'access-request';
const EXPORT_FILES = 'export-files';
const QUEUES = [
  AUDIT_CHECKPOINT,
  KEY_ROTATION,
  RETENTION,
  EXPORT,
  ACCESS,
  EXPORT_FILES,
  ...FILE_QUEUES,
  ...NOTIFICATION_QUEUES,
];
const accessJob = z.object({ requestId: z.uuid() });
const exportJob = z.object({ workspaceId: z.uuid(), exportId: z.uuid() });
/** One workspace now (an admin asked), or every workspace with a rule (the hourly sweep). */
const retentionJob = z.union([z.object({ workspaceId: z.uuid() }), z.object({ all: z.literal(true) })]);

/**
 * Background work in pg-boss (jobs live in the same PostgreSQL, under the owner role).
 * Audit checkpoints: every AUDIT_CHECKPOINT_INTERVAL_SECONDS a singleton job signs each chain head
 * and writes the checkpoints to their copy outside the database (AUDIT_COPY_DIR / AUDIT_COPY_URL),
 * so with several nodes the work still happens once per interval, on whichever node takes it.
 */
export async function startJobs(rt: Runtime): Promise<Jobs> {
  const e = env();
  const boss = new PgBoss({ connectionString: rt.db.adminUrl, max: 3 });
  boss.on('error', (err) => logFailure(err, 'job queue error'));
  await boss.start();
  await ensureQueue(boss, AUDIT_CHECKPOINT);
  const checkpoints = pollQueue(boss, AUDIT_CHECKPOINT, async () => {
    const n = await writeCheckpoints(rt.db.admin, appSecrets().checkpointKey);
    if (n > 0) logger.debug({ checkpoints: n }, 'audit checkpoints written');
  });
  // Key rotation: re-encrypts a workspace's older rows in batches; progress is on workspace_key.
  await ensureQueue(boss, KEY_ROTATION);
  const rotations = pollQueue(boss, KEY_ROTATION, async (jobs) => {
    for (const job of jobs) {
      const parsed = rotationJob.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id }, 'key rotation job with bad data dropped');
        continue;
      }
      await runRotation(rt, parsed.data);
    }
  });
  // Retention: each workspace's expired messages, in batches; progress is on retention_run.
  await ensureQueue(boss, RETENTION);
  const sweeps = pollQueue(boss, RETENTION, async (jobs) => {
    for (const job of jobs) {
      const parsed = retentionJob.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id }, 'retention job with bad data dropped');
        continue;
      }
      const data = parsed.data;
      const all = 'all' in data;
      const ids = 'all' in data ? await workspacesWithRules(rt.db.admin) : [data.workspaceId];
      for (const id of ids) await sweepWorkspace(rt, id);
      // Every workspace has an audit retention (seven years by default); each prune is one query
      // when nothing is due.
      const every = all ? await rt.db.admin.workspace.findMany({ select: { id: true } }) : [];
      for (const w of all ? every.map((x) => x.id) : ids) await pruneAudit(rt, w, appSecrets().checkpointKey);
    }
  });
  // Exports: one ZIP each; progress is on export_job and reaches the requester live.
  await ensureQueue(boss, EXPORT);
  const builds = pollQueue(boss, EXPORT, async (jobs) => {
    for (const job of jobs) {
      const parsed = exportJob.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id }, 'export job with bad data dropped');
        continue;
      }
      await runExport(rt, parsed.data.workspaceId, parsed.data.exportId, exportSettings());
    }
  });
  // Access requests: everything about one person, across their workspaces.
  await ensureQueue(boss, ACCESS);
  const gathers = pollQueue(boss, ACCESS, async (jobs) => {
    for (const job of jobs) {
      const parsed = accessJob.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id }, 'access request job with bad data dropped');
        continue;
      }
      await runAccess(rt, parsed.data.requestId, exportSettings());
    }
  });
  // Expired exports' and access requests' files: removed from disk, their rows marked.
  await ensureQueue(boss, EXPORT_FILES);
  const expiries = pollQueue(boss, EXPORT_FILES, async () => {
    const removed = await removeExpiredFiles(rt, exportSettings().dir);
    if (removed.exports + removed.accessRequests > 0) logger.info(removed, 'expired export files removed');
  });
  const files = await startFileJobs(boss, rt);
  const notifications = await startNotificationJobs(boss, rt);
  rt.attachJobs({
    ...files.port,
    enqueueAccess: async (job) => {
      await boss.send(ACCESS, job, { singletonKey: job.requestId, retryLimit: 2 });
    },
    enqueueExport: async (job) => {
      await boss.send(EXPORT, job, { singletonKey: job.exportId, retryLimit: 2 });
    },
    enqueueRetention: async (workspaceId) => {
      await boss.send(RETENTION, { workspaceId }, { singletonKey: workspaceId, retryLimit: 3 });
    },
    enqueueRotation: async (job) => {
      await boss.send(KEY_ROTATION, job, {
        singletonKey: `${job.workspaceId}:${job.version}`,
        retryLimit: 5,
      });
    },
    depth: async () => {
      const sizes = await Promise.all(QUEUES.map((q) => boss.getQueueSize(q)));
      return sizes.reduce((a, b) => a + b, 0);
    },
  });
  const flushTimer = setInterval(() => {
    rt.keys.ring.flush().catch((err: unknown) => logFailure(err, 'could not write key counts'));
  }, 5000);
  flushTimer.unref();
  const interval = e.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
  const enqueue = () =>
    boss
      .send(AUDIT_CHECKPOINT, {}, { singletonKey: 'all', singletonSeconds: interval })
      .catch((err: unknown) => logFailure(err, 'could not schedule audit checkpoint'));
  void enqueue();
  const timer = setInterval(() => void enqueue(), interval * 1000);
  timer.unref();
  // The hourly sweep: once per interval on whichever node takes it.
  const sweepEvery = e.RETENTION_SWEEP_SECONDS;
  const enqueueSweep = () =>
    boss
      .send(RETENTION, { all: true }, { singletonKey: 'all', singletonSeconds: sweepEvery, retryLimit: 3 })
      .catch((err: unknown) => logFailure(err, 'could not schedule the retention sweep'));
  void enqueueSweep();
  const sweepTimer = setInterval(() => void enqueueSweep(), sweepEvery * 1000);
  sweepTimer.unref();
  const filesEvery = e.EXPORT_SWEEP_SECONDS;
  const enqueueFiles = () =>
    boss
      .send(EXPORT_FILES, {}, { singletonKey: 'all', singletonSeconds: filesEvery, retryLimit: 3 })
      .catch((err: unknown) => logFailure(err, 'could not schedule the export file sweep'));
  void enqueueFiles();
  const filesTimer = setInterval(() => void enqueueFiles(), filesEvery * 1000);
  filesTimer.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(sweepTimer);
      clearInterval(filesTimer);
      clearInterval(flushTimer);
      files.stop();
      notifications.stop();
      rt.attachJobs(null);
      await Promise.all(
        [
          checkpoints,
          rotations,
          sweeps,
          builds,
          gathers,
          expiries,
          ...files.workers,
          ...notifications.workers,
        ].map((w) => w.stop()),
      );
      await rt.keys.ring.flush().catch((err: unknown) => logger.error({ err }, 'could not write key counts'));
      await boss.stop({ graceful: true, timeout: 3000, close: true });
    },
  };
}
