import { createECDH } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

// The only module that reads process.env. Everything else receives validated values from here.

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
/** Whether a P-256 private key (32 bytes) has this public key (65 bytes, uncompressed), base64url. */
function vapidPairMatches(publicKey: string, privateKey: string): boolean {
  // Keys of the wrong size are reported by their own fields.
  if (Buffer.from(publicKey, 'base64url').length !== 65 || Buffer.from(privateKey, 'base64url').length !== 32)
    return true;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}
const pgUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(3000, 0, 65535),
    APP_URL: z.url().optional(),
    ALLOWED_ORIGINS: list.optional(),
    TRUSTED_PROXIES: list.default([]),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: pgUrl.optional(),
    DATABASE_ADMIN_URL: pgUrl.optional(),
    DATABASE_POOL_SIZE: int(10, 1, 200),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: int(5488, 1, 65535),
    // As root, PostgreSQL runs as the unprivileged postgres user: binaries and clusters that user
    // cannot reach where they are (a 0700 folder on the way) are kept here instead.
    EMBEDDED_PG_SYSTEM_DIR: z.string().min(1).default('/var/lib/enclave'),
    SEED_DEMO: bool.default(true),

    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    AUDIT_CHECKPOINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    // 32 bytes, base64: wraps every workspace data key. Without it, one is generated into DATA_DIR.
    MASTER_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: int(60, 1, 86_400),
    // The copy of every signed checkpoint outside the database: a directory of append-only files
    // (default DATA_DIR/audit/checkpoints), or an http(s) URL that takes a POST per checkpoint and
    // answers GET ?workspaceId=… with NDJSON. One of the two, not both.
    AUDIT_COPY_DIR: z.string().min(1).optional(),
    AUDIT_COPY_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    INVITATION_TTL_HOURS: int(72, 1, 24 * 30),
    // A workspace key is replaced after this many encryptions (AES-GCM with random nonces is safe to
    // about 2^32 per key; rotating at 2^31 keeps a wide margin). Lower only for tests.
    KEY_ROTATE_AFTER_ENCRYPTIONS: int(2 ** 31, 1, 2 ** 31),
    // Messages re-encrypted per transaction by the key-rotation job.
    KEY_ROTATION_BATCH: int(500, 1, 10_000),
    /** How often the retention sweep looks for expired messages, and how many it deletes at a time. */
    RETENTION_SWEEP_SECONDS: int(3600, 1, 86_400),
    RETENTION_BATCH: int(500, 1, 10_000),
    /** How long an export's download link lives, in hours. */
    EXPORT_TTL_HOURS: int(24, 1, 720),
    /** How often the files of expired exports and access requests are removed from disk. */
    EXPORT_SWEEP_SECONDS: int(900, 1, 86_400),
    // An admin may rotate a workspace's key at most this often (each rotation re-encrypts every
    // message); one rotation runs at a time. Automatic rotation at the encryption limit ignores it.
    KEY_ROTATION_MIN_INTERVAL_SECONDS: int(3600, 0, 30 * 86_400),
    // Group commit: concurrent socket sends wait at most this long to share one transaction.
    SEND_BATCH_WAIT_MS: int(2, 0, 100),
    SEND_BATCH_MAX: int(200, 1, 5000),
    // Batches in flight per workspace (a conversation is only ever in one of them).
    SEND_BATCH_CONCURRENCY: int(4, 1, 64),
    // How often the search index's pending tokens are merged in the background (0: never; then the
    // send that fills the pending list merges it and waits).
    SEARCH_INDEX_CLEAN_SECONDS: int(5, 0, 3600),

    RATE_LIMIT_USER_POINTS: int(600, 1),
    RATE_LIMIT_WORKSPACE_POINTS: int(3000, 1),
    RATE_LIMIT_IP_POINTS: int(1200, 1),
    RATE_LIMIT_AUTH_POINTS: int(30, 1),
    RATE_LIMIT_GLOBAL_POINTS: int(60_000, 1),
    RATE_LIMIT_VISITOR_PERCENT: int(25, 1, 100),
    RATE_LIMIT_NEW_ACCOUNT_PERCENT: int(50, 1, 100),
    RATE_LIMIT_NEW_ACCOUNT_HOURS: int(24, 0),
    RATE_LIMIT_WINDOW_SECONDS: int(60, 1),
    RATE_LIMIT_BLOCK_SECONDS: int(30, 1),
    RATE_LIMIT_BURST_PERCENT: int(50, 1, 1000),
    // Per account (the address tried, whether or not it exists): after this many failed sign-ins
    // within the window, sign-in is refused for the lock time, doubling with every lock in a day.
    SIGN_IN_FAILURES_PER_ACCOUNT: int(10, 1),
    SIGN_IN_FAILURE_WINDOW_SECONDS: int(900, 1),
    SIGN_IN_LOCK_SECONDS: int(60, 1),
    SIGN_IN_LOCK_MAX_SECONDS: int(3600, 1),
    // The security policy's messages per minute per person (server/lib/send-rate.ts). `false` only
    // for test and benchmark runs whose simulated people send faster than any person can.
    POLICY_SEND_LIMITS: bool.default(true),

    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Enclave <no-reply@enclave.local>'),

    // Web push (VAPID). Without the two keys, a pair is generated into DATA_DIR/vapid.json on first
    // use: set both on every node of a deployment whose nodes do not share DATA_DIR. The subject
    // (a mailto: or https: address push services may contact) defaults to MAIL_FROM's address.
    VAPID_PUBLIC_KEY: z
      .string()
      .refine(
        (v) =>
          /^[A-Za-z0-9_-]+$/.test(v) &&
          Buffer.from(v, 'base64url')[0] === 4 &&
          Buffer.from(v, 'base64url').length === 65,
        'must be a P-256 public key: 65 bytes, uncompressed, base64url',
      )
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .refine(
        (v) => /^[A-Za-z0-9_-]+$/.test(v) && Buffer.from(v, 'base64url').length === 32,
        'must be a P-256 private key: 32 bytes, base64url',
      )
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https:// URL')
      .optional(),
    // Push endpoints are URLs the browser's push service gives; delivery refuses those on loopback,
    // private or link-local addresses unless this is true (a push service inside your network).
    PUSH_ALLOW_PRIVATE_ENDPOINTS: bool.default(false),
    // Notification escalation: in-app at once, push once unseen this long, email once unseen this
    // long (then batched per the person's window). The job looks every NOTIFY_INTERVAL_SECONDS.
    NOTIFY_PUSH_DELAY_SECONDS: int(60, 0, 86_400),
    NOTIFY_EMAIL_DELAY_SECONDS: int(120, 0, 86_400),
    NOTIFY_INTERVAL_SECONDS: int(15, 1, 3600),

    // Files. Storage: a folder (default DATA_DIR/files) or any S3-compatible store.
    FILE_STORAGE: z.enum(['local', 's3']).default('local'),
    FILE_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // Path-style URLs (http://host/bucket/key), which most self-hosted stores need.
    S3_FORCE_PATH_STYLE: bool.default(true),
    // The largest upload any workspace may allow, in MB (each workspace sets its own below this).
    FILE_MAX_MB: int(100, 1, 5_000),
    // Malware scanning with ClamAV's daemon: `auto` starts Debian's clamd with Enclave's own
    // configuration when it is installed; `off` scans nothing. CLAMAV_SOCKET names a running daemon
    // instead (a unix socket path, or host:port).
    CLAMAV: z.enum(['auto', 'off']).default('auto'),
    CLAMAV_SOCKET: z.string().min(1).optional(),
    // Extra signature databases (.cvd, .cld, .ndb, .hdb …) for the daemon Enclave starts.
    CLAMAV_DATABASE_DIR: z.string().min(1).optional(),

    // Drain time for in-flight requests; with job and database shutdown it stays inside 10 s.
    SHUTDOWN_TIMEOUT_MS: int(6000, 100, 60_000),
    // How often connected sockets' sessions are re-checked (catches expiry and deletions outside better-auth).
    REALTIME_SESSION_CHECK_SECONDS: int(30, 1, 3600),
    // How long a checked sign-in session is remembered per credential (0: look it up every time).
    // Sign-out and revocation in this process forget it at once; other paths (expiry) within this.
    SESSION_CACHE_SECONDS: int(5, 0, 60),

    // Several nodes: every node of a deployment names the same Redis; without it the process keeps
    // its shared state in memory (one node). NODE_ID tells nodes apart (default: host and pid).
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    NODE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - (at most 64)')
      .optional(),
    // `npm start` runs this many processes behind the one port (1: the single process, no Redis).
    ENCLAVE_NODES: int(1, 1, 64),
    // What each of those processes serves: the whole app, or the API alone (API-only deployments).
    ENCLAVE_NODE_ENTRY: z.enum(['app', 'api']).default('app'),
    // The redis-server that `ENCLAVE_NODES=N npm start` runs when REDIS_URL is unset.
    EMBEDDED_REDIS_PORT: int(6479, 1, 65535),
    // Socket.IO's HTTP long-polling, the shipped clients' fallback when a WebSocket cannot open.
    // Its requests must all reach one node: behind several nodes without a sticky balancer set it
    // to false, so that such a client is refused rather than dropped again and again.
    SOCKET_POLLING: bool.default(true),
    // A node that stops heartbeating for this long is taken for dead: its people go offline.
    NODE_HEARTBEAT_TIMEOUT_MS: int(15_000, 1_000, 300_000),
    // A person whose last socket went is announced offline only if they are not back within this.
    PRESENCE_OFFLINE_GRACE_MS: int(5_000, 0, 60_000),
  })
  .superRefine((v, ctx) => {
    if (v.DATABASE_URL && !v.DATABASE_ADMIN_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_ADMIN_URL'],
        message: 'required when DATABASE_URL is set',
      });
    }
    if (v.DATABASE_ADMIN_URL && !v.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'required when DATABASE_ADMIN_URL is set',
      });
    }
    if (v.AUDIT_COPY_DIR && v.AUDIT_COPY_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_COPY_URL'],
        message: 'set AUDIT_COPY_DIR or AUDIT_COPY_URL, not both',
      });
    }
    if (!v.VAPID_PUBLIC_KEY !== !v.VAPID_PRIVATE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: [v.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'],
        message: 'set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together',
      });
    } else if (
      v.VAPID_PUBLIC_KEY &&
      v.VAPID_PRIVATE_KEY &&
      !vapidPairMatches(v.VAPID_PUBLIC_KEY, v.VAPID_PRIVATE_KEY)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPID_PUBLIC_KEY'],
        message: 'is not the public key of VAPID_PRIVATE_KEY',
      });
    }
    if (v.FILE_STORAGE === 's3' && !v.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when FILE_STORAGE is s3' });
    }
    if (v.NODE_ENV === 'production' && v.DATABASE_URL && !v.MASTER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['MASTER_KEY'],
        message: 'required in production with an external database',
      });
    }
    if (v.NODE_ENV === 'production' && v.DATABASE_URL && !v.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'required in production with an external database',
      });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  APP_URL: string;
  ALLOWED_ORIGINS: string[];
  AUDIT_COPY_DIR: string;
};

export class EnvError extends Error {
  constructor(public readonly lines: string[]) {
    super(`Invalid configuration:\n${lines.join('\n')}`);
  }
}

/** Parses a configuration source; throws EnvError with one line per bad key. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const r = envSchema.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new EnvError(lines);
  }
  const appUrl = r.data.APP_URL ?? `http://localhost:${r.data.PORT}`;
  return {
    ...r.data,
    APP_URL: appUrl,
    ALLOWED_ORIGINS: r.data.ALLOWED_ORIGINS ?? [new URL(appUrl).origin],
    AUDIT_COPY_DIR: r.data.AUDIT_COPY_DIR ?? path.join(r.data.DATA_DIR, 'audit', 'checkpoints'),
  };
}

let cached: Env | undefined;

/** The validated configuration of this process. Stops start-up with a clear message when invalid. */
export function env(): Env {
  if (cached) return cached;
  try {
    cached = parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError && process.env.NODE_ENV !== 'test' && !process.env.VITEST) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  return cached;
}

/** For tests and the embedded bootstrap: apply overrides and re-validate. */
export function setEnvForProcess(overrides: Record<string, string>): Env {
  for (const [k, v] of Object.entries(overrides)) process.env[k] = v;
  cached = undefined;
  return env();
}
