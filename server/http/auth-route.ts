import { toNodeHandler } from 'better-auth/node';
import { withAuthErrors } from '../auth/api-errors';
import type { Auth } from '../auth/auth';
import { asAppError } from '../lib/errors';
import { requestContext } from '../lib/request-meta';
import { errorBody } from './json';

/**
 * better-auth's routes as a Node handler. A failure that is an outage (the database restarting)
 * answers 503 with Retry-After, in the API's error shape, instead of better-auth's bare 500.
 */
export function createAuthRoute(auth: Auth) {
  return toNodeHandler(async (request: Request) => {
    const { response, error } = await withAuthErrors(() => auth.handler(request));
    const app = response.status >= 500 ? asAppError(error) : null;
    if (!app) return response;
    const { status, headers, body } = errorBody(app, requestContext.getStore()?.requestId ?? null);
    return new Response(JSON.stringify(body), { status, headers });
  });
}
