import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import {
  AppError,
  asAppError,
  errorCodes,
  isDatabaseUnavailable,
  zodFieldErrors,
  type AppErrorCode,
} from '../lib/errors';
import { logger } from '../lib/logger';
import type { Context } from './context';

export type Meta = OpenApiMeta;

/**
 * AppError → TRPCError with the mapped code; a database outage → SERVICE_UNAVAILABLE (503 with
 * Retry-After); anything else unexpected becomes a bare INTERNAL.
 */
export function toTRPCError(e: unknown): TRPCError {
  if (e instanceof TRPCError) {
    if (e.cause instanceof AppError) return toTRPCError(e.cause);
    // tRPC wraps what a procedure throws in an INTERNAL_SERVER_ERROR whose cause is the original.
    if (e.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(e.cause)) return toTRPCError(e.cause);
    return e;
  }
  const app = asAppError(e);
  if (app) return new TRPCError({ code: errorCodes[app.code].trpc, message: app.message, cause: app });
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal error',
    cause: e instanceof Error ? e : undefined,
  });
}

function appCodeOf(error: TRPCError): AppErrorCode {
  if (error.cause instanceof AppError) return error.cause.code;
  if (error.cause instanceof ZodError) return 'VALIDATION';
  const found = (Object.keys(errorCodes) as AppErrorCode[]).find((k) => errorCodes[k].trpc === error.code);
  return found ?? 'INTERNAL';
}

/** The Retry-After (seconds) an answer with these errors carries, if any asks for one. */
export function retryAfterOf(errors: readonly TRPCError[]): number | undefined {
  const waits = errors.map((e) =>
    e.cause instanceof AppError ? e.cause.details?.retryAfterSeconds : undefined,
  );
  const max = Math.max(0, ...waits.filter((w): w is number => w !== undefined));
  return max > 0 ? max : undefined;
}

// Statuses tRPC has no code for: the answer carries them over its code's own (REST and tRPC alike).
const OWN_STATUS: ReadonlySet<AppErrorCode> = new Set(['LOCKED']);

/** The HTTP status an answer with these errors takes instead of tRPC's, if one asks for it. */
export function statusOf(errors: readonly TRPCError[]): number | undefined {
  for (const e of errors)
    if (e.cause instanceof AppError && OWN_STATUS.has(e.cause.code)) return errorCodes[e.cause.code].http;
  return undefined;
}

export const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const appCode = appCodeOf(error);
      const fieldErrors =
        error.cause instanceof ZodError
          ? zodFieldErrors(error.cause)
          : error.cause instanceof AppError
            ? error.cause.details?.fieldErrors
            : undefined;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      if (internal)
        logger.error({ err: error.cause ?? error, requestId: ctx?.meta.requestId }, 'internal error');
      // No stack, no driver message: internals stay in the log.
      return {
        message: internal
          ? 'Internal error'
          : error.cause instanceof ZodError
            ? 'Invalid input'
            : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          appCode,
          fieldErrors: fieldErrors ?? null,
          requestId: ctx?.meta.requestId ?? null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
