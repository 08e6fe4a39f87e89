import type { IncomingMessage } from 'node:http';
import { AppError } from '../lib/errors';
import { hasJsonBody, readJsonBody } from './body';

export const SIGN_IN_PATH = '/api/auth/sign-in/email';

/**
 * The address a password sign-in names, so that its account's budget can be charged before
 * better-auth checks the password. Reads the JSON body here (better-auth then takes it parsed from
 * `req.body`); other encodings are refused, as they would reach better-auth uncounted. Null for
 * every other request, and when the body names no address (better-auth refuses that itself).
 */
export async function signInAccount(
  req: IncomingMessage,
  path: string,
  limit: number,
): Promise<string | null> {
  if (req.method !== 'POST' || path !== SIGN_IN_PATH) return null;
  if (!hasJsonBody(req)) throw new AppError('BAD_REQUEST', 'Sign-in takes a JSON body');
  const body = await readJsonBody(req, limit);
  (req as IncomingMessage & { body?: unknown }).body = body;
  const email: unknown = body && typeof body === 'object' && 'email' in body ? body.email : null;
  return typeof email === 'string' && email.trim() !== '' ? email : null;
}
