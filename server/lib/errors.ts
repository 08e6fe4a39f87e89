import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/**
 * One code set for every entry point. tRPC maps it to its own codes, REST to HTTP statuses,
 * sockets to an ack `{ ok: false, error: { code, message } }`.
 */
export const errorCodes = {
  BAD_REQUEST: { trpc: 'BAD_REQUEST', http: 400 },
  VALIDATION: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  GONE: { trpc: 'NOT_FOUND', http: 410 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413 },
  /** The workspace's security policy refuses the text (server/domain/policy). */
  POLICY_BLOCKED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  /** Not posted yet: the policy holds the message until a moderator approves it (server/domain/moderation/hold.ts). */
  HELD: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  /** A widget visitor has not agreed to the privacy notice the workspace requires (server/domain/widget/consent.ts). */
  CONSENT_REQUIRED: { trpc: 'FORBIDDEN', http: 403 },
  /** The workspace is locked down (server/domain/lockdown); REST and tRPC answer 423. */
  LOCKED: { trpc: 'FORBIDDEN', http: 423 },
  TOO_MANY_REQUESTS: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    public readonly details?: { fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'You do not have permission to do that') => new AppError('FORBIDDEN', why);

/**
 * A unique-key violation, however it arrives: Prisma's P2002 from model queries, a raw query's
 * P2010 whose driver error is 23505, or pg's own error.
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || !('code' in e)) return false;
  if (e.code === 'P2002' || e.code === '23505') return true;
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta
    ?.driverAdapterError?.cause;
  return e.code === 'P2010' && cause?.originalCode === '23505';
}

/** How long a client should wait before retrying while the database is away (a restart takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

// SQLSTATEs of a server that is going away or not there yet: admin_shutdown (57P01), crash_shutdown
// (57P02), cannot_connect_now (57P03, starting up or shutting down), too_many_connections (53300),
// and the connection_exception class (08xxx).
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|53300|08\w{3})$/;
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// Prisma's: cannot reach (P1001), timed out (P1002, P1008), connection closed (P1017), no pooled
// connection in time (P2024).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// What @prisma/adapter-pg calls the same (meta.driverAdapterError.cause.kind).
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// node-postgres says these without a code when the server went away under a query or a client.
const PG_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * Whether an error means the database is unavailable (restarting, down, unreachable) rather than a
 * bug, however it arrives: pg's errors, Prisma's, the driver adapter's wrapped ones, or any of these
 * as the `cause` of another error (better-auth wraps them, tRPC too).
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const err = e as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
  };
  if (typeof err.code === 'string') {
    if (SOCKET_CODES.has(err.code) || PRISMA_CODES.has(err.code) || UNAVAILABLE_SQLSTATE.test(err.code))
      return true;
  }
  const adapter = err.meta?.driverAdapterError?.cause;
  if (adapter) {
    if (typeof adapter.kind === 'string' && ADAPTER_KINDS.has(adapter.kind)) return true;
    if (typeof adapter.code === 'string' && UNAVAILABLE_SQLSTATE.test(adapter.code)) return true;
  }
  if (e instanceof Error && err.code === undefined && PG_MESSAGES.test(e.message)) return true;
  // A connection refused on every address (IPv4 and IPv6) arrives as an AggregateError.
  if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

export const databaseUnavailable = () =>
  new AppError('UNAVAILABLE', 'Temporarily unavailable; retry shortly', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });

/**
 * The AppError an error stands for: itself, UNAVAILABLE (with a retry time) for a database outage,
 * or null for anything else, which is a bug (INTERNAL).
 */
export function asAppError(e: unknown): AppError | null {
  if (e instanceof AppError) return e;
  return isDatabaseUnavailable(e) ? databaseUnavailable() : null;
}

/**
 * Field errors keyed by the field's path, dotted for nested fields (`settings.replyDepth`), so a
 * client can show each message next to its own field; errors about the whole input go under `_`.
 */
export function zodFieldErrors(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}) {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
