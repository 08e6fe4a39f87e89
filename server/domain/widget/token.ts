import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { text } from '../../lib/text';
import { subjectRef } from '../channel/schemas';

/**
 * The identity a host application signs for its signed-in user:
 * `base64url(JSON claims) + "." + base64url(HMAC-SHA256(widget secret, first part))`.
 * Claims: `sub` (the host's user id), `name`, optional `email`, `exp` (Unix seconds) and optional
 * `subjects`, the records this user may open from the widget (`{ type, id }`).
 */
export const identityClaims = z.object({
  sub: text().trim().min(1).max(200),
  name: text().trim().min(1).max(100),
  email: z.email().max(254).optional(),
  exp: z.number().int().positive(),
  subjects: z.array(subjectRef).max(50).optional(),
});
export type IdentityClaims = z.infer<typeof identityClaims>;

/** Tokens are for one page load, not for storage: an expiry further out than this is refused. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/** What a host's server does (our tests and the console's example use it too). */
export function signIdentity(secret: string, claims: IdentityClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

const refused = (message: string) => new AppError('UNAUTHORIZED', message);

/** Checks signature, shape and expiry; every failure is the same UNAUTHORIZED kind with a reason. */
export function verifyIdentity(secret: string, token: string, nowSeconds: number): IdentityClaims {
  const m = /^([A-Za-z0-9_-]{1,8000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  const payload = m?.[1];
  const sig = m?.[2];
  if (!payload || !sig) throw refused('The identity token is malformed');
  const expected = Buffer.from(mac(secret, payload));
  if (!timingSafeEqual(expected, Buffer.from(sig))) throw refused('The identity token signature is invalid');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw refused('The identity token is malformed');
  }
  const parsed = identityClaims.safeParse(raw);
  if (!parsed.success) throw refused('The identity token claims are invalid');
  const claims = parsed.data;
  if (claims.exp <= nowSeconds) throw refused('The identity token has expired');
  if (claims.exp > nowSeconds + MAX_TOKEN_LIFETIME_SECONDS)
    throw refused(`The identity token must expire within ${MAX_TOKEN_LIFETIME_SECONDS} seconds`);
  return claims;
}
