import type { ServerResponse } from 'node:http';
import { type AppError, errorCodes } from '../lib/errors';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** An AppError as the API answers it: status, headers (Retry-After when it has one) and body. */
export function errorBody(e: AppError, requestId: string | null) {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (e.details?.retryAfterSeconds) headers['retry-after'] = String(e.details.retryAfterSeconds);
  const { trpc, http } = errorCodes[e.code];
  const body = {
    message: e.message,
    code: trpc,
    data: {
      code: trpc,
      httpStatus: http,
      appCode: e.code,
      fieldErrors: e.details?.fieldErrors ?? null,
      requestId,
    },
  };
  return { status: http, headers, body };
}

/**
 * Errors raised outside a procedure (routing, body limits, /api/auth limits) in the same shape the
 * tRPC error formatter gives procedure errors over REST: `{ message, code, data: { appCode, … } }`.
 */
export function sendError(res: ServerResponse, e: AppError, requestId: string) {
  const { status, headers, body } = errorBody(e, requestId);
  sendJson(res, status, body, headers);
}
