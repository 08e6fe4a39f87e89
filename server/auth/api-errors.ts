import { AsyncLocalStorage } from 'node:async_hooks';
import { isAPIError } from 'better-auth/api';
import { isDatabaseUnavailable } from '../lib/errors';
import { logger } from '../lib/logger';

// better-auth answers an error in one of its routes with its own bare 500 and keeps the cause to
// itself. It is kept here per request instead, so that the HTTP layer can answer an outage as the
// rest of the API does: what an endpoint throws reaches the onAPIError hook; what it returns as an
// APIError (getSession wraps a database error in one) reaches the after hook.
const seen = new AsyncLocalStorage<{ error?: unknown }>();

/** Runs one better-auth request; returns its response and the error it failed with, if any. */
export async function withAuthErrors(
  handle: () => Promise<Response>,
): Promise<{ response: Response; error: unknown }> {
  const holder: { error?: unknown } = {};
  const response = await seen.run(holder, handle);
  return { response, error: holder.error };
}

/** Notes the error the current better-auth request failed with (better-auth has logged it). */
export function rememberAuthError(e: unknown) {
  const holder = seen.getStore();
  if (holder) holder.error = e;
}

/** better-auth's onAPIError hook: remembers the error and logs what is not the caller's fault. */
export function onAuthError(e: unknown) {
  rememberAuthError(e);
  if (isAPIError(e) && e.status !== 'INTERNAL_SERVER_ERROR') return;
  if (isDatabaseUnavailable(e)) logger.warn({ err: e, source: 'better-auth' }, 'database unavailable');
  else logger.error({ err: e, source: 'better-auth' }, 'auth route failed');
}
