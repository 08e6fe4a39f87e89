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

/** The REST/plain-HTTP shape of an AppError: `{ error: { code, message } }` with the mapped status. */
export function sendError(res: ServerResponse, e: AppError, requestId: string) {
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds) headers['retry-after'] = String(e.details.retryAfterSeconds);
  sendJson(res, errorCodes[e.code].http, { error: { code: e.code, message: e.message, requestId } }, headers);
}
