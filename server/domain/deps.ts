import type { Db, Tx } from '../db/client';
import type { WorkspaceId } from '../db/tenant';
import type { Keyring } from '../lib/crypto/keyring';
import type { Mailer } from '../lib/mail';
import type { Scanner } from '../lib/scan/clamd';
import type { BlobStore } from '../lib/storage/blob-store';
import type { RequestMeta } from '../lib/request-meta';
import type { EventSink } from './events';
import type { RestrictionCache } from './lockdown/state';
import type { PresenceSetInput, PresenceView } from './presence/schemas';
import type { WorkspaceSettings } from './workspace/settings';

// What the domain needs from outside itself, as interfaces. The runtime (server/runtime) builds
// one implementation of each at start-up (in memory on one node; shared ones when scaled out) and
// hands them to services on their context, so no domain module keeps state of its own or reaches
// into the layers above it. Only leaf modules (schemas, events, lib, db types) are imported here.

/**
 * Tenant-scoped transactions for work that is not a gated call: jobs, after-commit work, lookups
 * by a token that names its workspace. Implemented by the gates (server/gate), which alone mint a
 * WorkspaceId; ids given here come from the database or a parsed token, never raw from input.
 */
export interface TenantRunner {
  /** One workspace, as the system (no user). */
  system<T>(workspaceId: string, fn: (tx: Tx, workspaceId: WorkspaceId) => Promise<T>): Promise<T>;
  /**
   * One workspace as the system, read-only, every statement in one snapshot (REPEATABLE READ),
   * for up to an hour: reads that must be consistent with each other, such as an export's.
   */
  snapshot<T>(workspaceId: string, fn: (tx: Tx, workspaceId: WorkspaceId) => Promise<T>): Promise<T>;
  /**
   * One workspace as a person, without a membership check: the caller has its own reason (an
   * invitation being accepted, the person's own audit entries, their "last seen").
   */
  personIn<T>(
    workspaceId: string,
    userId: string,
    fn: (tx: Tx, workspaceId: WorkspaceId) => Promise<T>,
  ): Promise<T>;
  /** A person's own rows across workspaces ("my workspaces"), no workspace set. */
  person<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The runtime role's client for global tables (user, session): never for tenant rows. */
  readonly global: Db;
  /** The owner role's client, for admin work across workspaces (checkpoints, index upkeep). */
  readonly admin: Db;
}

/** Keys and their derived search keys (server/domain/keys/keyring.ts). */
export interface KeyServices {
  readonly ring: Keyring<Tx>;
  searchKeyFor(tx: Tx, workspaceId: string, version: number): Promise<Buffer>;
  cachedSearchKey(workspaceId: string, version: number): Buffer | undefined;
}

/** A short cache of workspace settings (read on every send batch). */
export interface SettingsCache {
  read(tx: Tx, workspaceId: string): Promise<WorkspaceSettings>;
  cached(workspaceId: string): WorkspaceSettings | undefined;
  forget(workspaceId: string): void;
}

/** Who is online and with what status (server/domain/presence). */
export interface PresencePort {
  /** The presence of each of these people (offline when not connected to any node). */
  of(userIds: readonly string[]): Promise<Map<string, PresenceView>>;
  /** Everyone connected and not offline: who counts for @here. */
  present(): Promise<string[]>;
  set(userId: string, input: PresenceSetInput): Promise<PresenceView>;
  connected(userId: string, socketId: string): Promise<void>;
  disconnected(userId: string, socketId: string, opts?: { silent?: boolean }): Promise<void>;
  reset(): Promise<void>;
}

/** One typing broadcast per person and conversation per interval. */
export interface TypingThrottle {
  admit(userId: string, conversationId: string, now: number): Promise<boolean>;
}

/** Sends per person and workspace against the policy's per-minute limit (server/lib/send-rate.ts). */
export interface SendRate {
  take(
    workspaceId: string,
    userId: string,
    perMinute: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number; offence: boolean }>;
}

/** Queries about live connections, answered by the realtime layer. */
export interface LiveConnections {
  /** Connected users of a workspace and their socket counts. */
  connectedIn(workspaceId: string): Promise<Map<string, number>>;
  /**
   * A workspace's sockets on each node that holds some (node id to count); with the other nodes
   * out of reach (Redis away), this node's alone and `everyNode` false.
   */
  socketsPerNode(workspaceId: string): Promise<{ nodes: Map<string, number>; everyNode: boolean }>;
}

/** A person's sign-ins (better-auth's sessions, which are the deployment's, not a workspace's). */
export interface IdentityPort {
  /** Ends every session of the person; every node forgets them and closes their sockets. */
  revokeSessions(userId: string): Promise<number>;
}

/** The deployment's moving parts, as a workspace's health report shows them. */
export interface SystemStatus {
  /** This node, and whether it shares state with other nodes through Redis (and reaches it now). */
  cluster(): { nodeId: string; scaled: boolean; redisConnected: boolean };
  /** Jobs waiting in the queue, or null when no job queue runs in this process. */
  queueDepth(): Promise<number | null>;
}

/** The frame-ancestors of widget pages, cached per workspace handle. */
export interface FrameAncestorsCache {
  get(
    handle: string,
    load: () => Promise<{ workspaceId: string | null; origins: string[] }>,
  ): Promise<string[]>;
  forget(workspaceId: string): void;
}

/** Refused calls by widget visitors, audited in bounded form. */
export interface VisitorDenials {
  record(workspaceId: WorkspaceId, userId: string, procedure: string, meta: RequestMeta): Promise<void>;
  flush(): Promise<void>;
}

/** Where key re-encryption jobs go (pg-boss when jobs run; otherwise in this process). */
export interface RotationQueue {
  enqueue(job: { workspaceId: string; version: number }): Promise<void>;
}

/** Builds an export (the job queue's, or in the background here). */
export interface ExportQueue {
  run(job: { workspaceId: string; exportId: string }): Promise<void>;
  /** A person's access request (server/domain/privacy/access.ts). */
  runAccess(job: { requestId: string }): Promise<void>;
}

/** Asks for a retention sweep of one workspace now (the job queue's, or in the background here). */
export interface RetentionQueue {
  sweep(workspaceId: string): Promise<void>;
}

/** Files: where their blobs live, the malware scanner, and the jobs that work on them. */
export interface FileServices {
  readonly store: BlobStore;
  /** The scanner, or null when scanning is off (CLAMAV=off, or no daemon installed). */
  scanner(): Scanner | null;
  /** Scans a new version (then makes its thumbnail): the job queue's, or in the background here. */
  scan(job: { workspaceId: string; versionId: string }): Promise<void>;
  /** Removes the blobs of deleted rows from the store now (a job does it regularly too). */
  sweep(): Promise<void>;
}

/** What one push notification says; `url` is a path on this site, `tag` groups pushes about one thing. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Web push to people's browsers (server/runtime/push.ts over server/lib/push). */
export interface PushPort {
  /** Sends to every subscription of this person in this workspace; drops subscriptions the push service says are gone (404/410). */
  send(workspaceId: string, userId: string, payload: PushPayload): Promise<{ sent: number; removed: number }>;
  /** The VAPID public key (base64url) browsers subscribe with. */
  publicKey(): string;
}

export interface Deps {
  events: EventSink;
  tenants: TenantRunner;
  keys: KeyServices;
  settings: SettingsCache;
  presence: PresencePort;
  typing: TypingThrottle;
  sendRate: SendRate;
  live: LiveConnections;
  mail: Mailer;
  frames: FrameAncestorsCache;
  visitorDenials: VisitorDenials;
  rotations: RotationQueue;
  retention: RetentionQueue;
  exports: ExportQueue;
  system: SystemStatus;
  restrictions: RestrictionCache;
  identity: IdentityPort;
  files: FileServices;
  push: PushPort;
}
