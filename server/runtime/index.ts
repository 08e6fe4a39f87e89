import type { Auth } from '../auth/auth';
import { createAuth } from '../auth/auth';
import { createAuthEvents, type AuthEventBus } from '../auth/events';
import { SessionCache } from '../auth/session-cache';
import type { DatabaseHandles } from '../db/bootstrap';
import { MemoryVisitorDenials } from '../domain/audit/visitor-denials';
import type {
  Deps,
  ExportQueue,
  LiveConnections,
  PushPort,
  RetentionQueue,
  RotationQueue,
} from '../domain/deps';
import { runExport } from '../domain/compliance/export/build';
import { runAccess } from '../domain/privacy/access';
import { exportSettings } from '../domain/compliance/export/settings';
import type { DomainEvent, EventSink } from '../domain/events';
import { WorkspaceKeys } from '../domain/keys/keyring';
import { runRotation, type RotationJob } from '../domain/keys/reencrypt';
import { sweepWorkspace } from '../domain/compliance/sweep';
import { pruneAudit } from '../domain/compliance/audit-prune';
import { SendBatcher } from '../domain/send/batcher';
import { Presence } from '../domain/presence/service';
import { MemoryTypingThrottle } from '../domain/typing/service';
import { MemoryRestrictionCache } from '../domain/lockdown/state';
import { MemoryFrameCache } from '../domain/widget/frame';
import { MemorySettingsCache } from '../domain/workspace/settings';
import { env } from '../env';
import { createTenantRunner } from '../gate/tenants';
import { appSecrets } from '../lib/app-secrets';
import { logger } from '../lib/logger';
import { SmtpMailer } from '../lib/mail';
import { RateLimits, rateLimitsFromEnv } from '../lib/rate-limit';
import { SendRateLimiter, unlimitedSends } from '../lib/send-rate';
import { createCluster, type Cluster } from './cluster';
import { RedisPresenceState } from './cluster/presence';
import {
  authEventsEverywhere,
  framesEverywhere,
  keysEverywhere,
  restrictionsEverywhere,
  settingsEverywhere,
} from './cluster/shared';
import { RedisTypingThrottle } from './cluster/typing';
import { blobStoreFrom, fileServices, ScannerSlot, type FileJobsPort } from './files';
import { scanVersion } from '../domain/attachment/scan';
import { removeGoneBlobs } from '../domain/attachment/sweep';
import { vapidKeysFrom, webPushPort } from './push';

/** What the realtime layer plugs into a runtime when it starts (and takes out when it closes). */
export interface RealtimePort {
  events: EventSink;
  live: LiveConnections;
}

/**
 * The one object built at start-up that holds every piece of a process's shared state: database
 * clients, auth, caches, presence, the send batcher, rate limits, the keyring. Everything that needs
 * one of them is handed it from here; no module keeps state of its own. Each piece is an interface
 * (server/domain/deps.ts and the transport's own types) with an in-memory implementation, which is
 * what one node needs, and one over Redis when the deployment has several nodes (REDIS_URL).
 */
export interface Runtime extends Deps {
  readonly db: DatabaseHandles;
  readonly auth: Auth;
  /** Identity events raised on this node (its realtime server acts on them). */
  readonly authEvents: AuthEventBus;
  /** This node's link to the others (Redis), or a stand-in on one node. */
  readonly cluster: Cluster;
  readonly sessions: SessionCache;
  /** Tests that exercise limits put their own in place. */
  rateLimits: RateLimits;
  readonly batcher: SendBatcher;
  /** The realtime server of this process, while one runs. */
  attachRealtime(port: RealtimePort): () => void;
  /** The job queue, once it runs: it takes key re-encryption and reports its depth (null: gone). */
  attachJobs(port: JobsPort | null): void;
  /** Starts the malware scanner now (CLAMAV=auto), rather than at the first upload; true when it runs. */
  startScanner(): Promise<boolean>;
  /** Writes what is buffered (key counts, counted refusals) and closes the mail transport. */
  close(): Promise<void>;
}

/** Forwards to the realtime server while one is attached; drops events in a process without one. */
class RealtimeSlot implements EventSink, LiveConnections {
  port: RealtimePort | null = null;
  publish(e: DomainEvent): Promise<void> {
    return this.port ? this.port.events.publish(e) : Promise.resolve();
  }
  connectedIn(workspaceId: string): Promise<Map<string, number>> {
    return this.port ? this.port.live.connectedIn(workspaceId) : Promise.resolve(new Map<string, number>());
  }
  socketsPerNode(workspaceId: string) {
    return this.port
      ? this.port.live.socketsPerNode(workspaceId)
      : Promise.resolve({ nodes: new Map<string, number>(), everyNode: true });
  }
}

/** What the job queue of this process offers the rest of it. */
export interface JobsPort extends FileJobsPort {
  enqueueRotation(job: RotationJob): Promise<void>;
  enqueueExport(job: { workspaceId: string; exportId: string }): Promise<void>;
  enqueueAccess(job: { requestId: string }): Promise<void>;
  enqueueRetention(workspaceId: string): Promise<void>;
  /** Jobs waiting (created or retrying) in every queue. */
  depth(): Promise<number>;
}

export interface RuntimeOptions {
  rateLimits?: RateLimits;
  /** Defaults to REDIS_URL (unset: one node, everything in memory). */
  redisUrl?: string;
  /** Defaults to NODE_ID, else host and pid. */
  nodeId?: string;
  /** Defaults to PRESENCE_OFFLINE_GRACE_MS. */
  presenceGraceMs?: number;
}

export function createRuntime(db: DatabaseHandles, opts: RuntimeOptions = {}): Runtime {
  const e = env();
  const cluster = createCluster({ redisUrl: opts.redisUrl ?? e.REDIS_URL, nodeId: opts.nodeId ?? e.NODE_ID });
  const redis = cluster.redis;
  const realtime = new RealtimeSlot();
  const tenants = createTenantRunner(db);
  const keys = new WorkspaceKeys(appSecrets().masterKey, tenants, BigInt(e.KEY_ROTATE_AFTER_ENCRYPTIONS));
  const mail = new SmtpMailer();
  keysEverywhere(keys, cluster.bus);
  const authEvents = createAuthEvents();
  let jobs: JobsPort | null = null;
  const rotations: RotationQueue = {
    enqueue: (job) => {
      if (jobs) return jobs.enqueueRotation(job);
      // No job queue in this process (the CLI, some tests): re-encrypt here, in the background.
      void runRotation({ keys, tenants }, job).catch((err: unknown) =>
        logger.error({ err, ...job }, 'key rotation failed'),
      );
      return Promise.resolve();
    },
  };
  const retention: RetentionQueue = {
    sweep: (workspaceId) => {
      if (jobs) return jobs.enqueueRetention(workspaceId);
      void sweepWorkspace({ tenants }, workspaceId)
        .then(() => pruneAudit({ tenants }, workspaceId, appSecrets().checkpointKey))
        .catch((err: unknown) => logger.error({ err, workspaceId }, 'retention sweep failed'));
      return Promise.resolve();
    },
  };
  const exports: ExportQueue = {
    run: (job) => {
      if (jobs) return jobs.enqueueExport(job);
      void runExport(
        { tenants, keys, events: realtime, files },
        job.workspaceId,
        job.exportId,
        exportSettings(),
      ).catch((err: unknown) => logger.error({ err, ...job }, 'export failed'));
      return Promise.resolve();
    },
    runAccess: (job) => {
      if (jobs) return jobs.enqueueAccess(job);
      void runAccess({ tenants, keys, files }, job.requestId, exportSettings()).catch((err: unknown) =>
        logger.error({ err, ...job }, 'access request failed'),
      );
      return Promise.resolve();
    },
  };
  const scanners = new ScannerSlot(e);
  const files = fileServices(blobStoreFrom(e), scanners, () => jobs, {
    // No job queue in this process (the CLI, tests): scan here, in the background.
    scan: (job) => {
      void scanVersion({ ...base, files }, job).catch((err: unknown) =>
        logger.error({ err, ...job }, 'file scan failed'),
      );
      return Promise.resolve();
    },
    sweep: () => {
      void removeGoneBlobs({ tenants, files }).catch((err: unknown) =>
        logger.error({ err }, 'file sweep failed'),
      );
      return Promise.resolve();
    },
  });
  const push = webPushPort(tenants, () => vapidKeysFrom(e), {
    allowPrivateAddresses: e.PUSH_ALLOW_PRIVATE_ENDPOINTS,
  });
  const base = {
    files,
    push: push as PushPort,
    events: realtime as EventSink,
    live: realtime as LiveConnections,
    tenants,
    keys,
    mail,
    rotations,
    retention,
    exports,
    settings: settingsEverywhere(new MemorySettingsCache(), cluster.bus),
    typing: redis ? new RedisTypingThrottle(redis) : new MemoryTypingThrottle(),
    sendRate: e.POLICY_SEND_LIMITS ? new SendRateLimiter(undefined, redis ?? undefined) : unlimitedSends,
    frames: framesEverywhere(new MemoryFrameCache(), cluster.bus),
    restrictions: restrictionsEverywhere(new MemoryRestrictionCache(), cluster.bus),
    identity: {
      async revokeSessions(userId: string) {
        const { count } = await db.app.session.deleteMany({ where: { userId } });
        // The session caches of every node forget them; this node's sockets of theirs close (and,
        // through the Socket.IO adapter, every node's).
        authEvents.emit('user-sessions-revoked', { userId });
        return count;
      },
    },
    visitorDenials: new MemoryVisitorDenials(tenants),
    system: {
      cluster: () => ({
        nodeId: cluster.nodeId,
        scaled: redis !== null,
        redisConnected: cluster.connected(),
      }),
      queueDepth: () => (jobs ? jobs.depth() : Promise.resolve(null)),
    },
  };
  let redisPresence: RedisPresenceState | null = null;
  const presence = new Presence(
    base,
    redis
      ? (onChange) =>
          (redisPresence = new RedisPresenceState(
            redis,
            cluster.nodeId,
            onChange,
            e.NODE_HEARTBEAT_TIMEOUT_MS,
          ))
      : undefined,
    opts.presenceGraceMs ?? e.PRESENCE_OFFLINE_GRACE_MS,
  );
  const deps: Deps = { ...base, presence };
  return {
    ...deps,
    db,
    authEvents,
    cluster,
    auth: createAuth({
      db: db.app,
      mail,
      events: authEvents,
      tenants,
      settings: base.settings,
      alerts: base.events,
    }),
    sessions: new SessionCache(authEventsEverywhere(authEvents, cluster.bus)),
    rateLimits: opts.rateLimits ?? new RateLimits(rateLimitsFromEnv(), redis ?? undefined),
    batcher: new SendBatcher(deps),
    attachRealtime(port) {
      realtime.port = port;
      return () => {
        if (realtime.port === port) realtime.port = null;
      };
    },
    startScanner: () => scanners.start(),
    attachJobs(port) {
      jobs = port;
    },
    async close() {
      await keys.ring.flush().catch((err: unknown) => logger.error({ err }, 'could not write key counts'));
      await deps.visitorDenials.flush();
      await redisPresence?.stop();
      await cluster.close();
      await scanners.close();
      push.close();
      mail.close();
    },
  };
}
