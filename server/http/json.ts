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

/**
 * Errors raised outside a procedure (routing, body limits, /api/auth limits) in the same shape the
 * tRPC error formatter gives procedure errors over REST: `{ message, code, data: { appCode, … } }`.
 */
export function sendError(res: ServerResponse, e: AppError, requestId: string) {
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds) headers['retry-after'] = String(e.details.retryAfterSeconds);
  const { trpc, http } = errorCodes[e.code];
  sendJson(
    res,
    http,
    {
      message: e.message,
      code: trpc,
      data: {
        code: trpc,
        httpStatus: http,
        appCode: e.code,
        fieldErrors: e.details?.fieldErrors ?? null,
        requestId,
      },
    },
    headers,
  );
}
