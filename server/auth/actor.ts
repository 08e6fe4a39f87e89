import type { Actor } from '../domain/actor';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import type { TenantRunner } from '../domain/deps';
import { resolveVisitorToken } from '../domain/widget/sessions';
import { hashToken, parseScopedToken } from '../lib/scoped-token';
import type { Auth } from './auth';
import {
  authenticatingCredential,
  credentialPair,
  lookupCredential,
  type SessionCache,
} from './session-cache';

export type { Actor, PersonActor } from '../domain/actor';

/** What resolving a caller needs from the runtime. */
export interface ActorDeps {
  auth: Auth;
  sessions: SessionCache;
  tenants: TenantRunner;
}

function presentedKey(headers: Headers): string | null {
  const direct = headers.get('x-api-key');
  if (direct) return direct.trim();
  const token = bearerToken(headers);
  return token?.startsWith('ek_') ? token : null;
}

function bearerToken(headers: Headers): string | null {
  const authz = headers.get('authorization');
  return authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null;
}

/**
 * Who is calling, from request or handshake headers: an API key (x-api-key or Bearer ek_…), a
 * widget visitor (Bearer ev_…), else a better-auth session (cookie, or Bearer session token). Shared by tRPC, REST and sockets.
 * Returns null for anonymous callers and for invalid, revoked or expired credentials.
 */
export async function resolveActor(deps: ActorDeps, headers: Headers): Promise<Actor | null> {
  const key = presentedKey(headers);
  if (key !== null) return resolveApiKey(deps.tenants, key);
  const token = bearerToken(headers);
  if (token?.startsWith('ev_')) {
    const visitor = await resolveVisitorToken(deps.tenants, token);
    return visitor ? { kind: 'visitor', ...visitor } : null;
  }
  const cookieName = (await deps.auth.$context).authCookies.sessionToken.name;
  const credential = lookupCredential(headers, cookieName);
  const cached = credential ? deps.sessions.get(credential) : null;
  if (cached) return { kind: 'user', ...cached };
  const person = await deps.sessions.once(credentialPair(headers, cookieName), async () => {
    const session = await deps.auth.api.getSession({ headers });
    if (!session) return null;
    const found = {
      userId: session.user.id,
      sessionId: session.session.id,
      email: session.user.email,
      name: session.user.name,
      createdAt: session.user.createdAt,
    };
    // Remembered under what authenticated it: a header better-auth ignored (Basic, a bearer token
    // whose signature failed) must not later stand for the cookie's person.
    const used = authenticatingCredential(headers, cookieName, session.session.token);
    if (used) deps.sessions.remember(used, found, session.session.expiresAt);
    return found;
  });
  return person ? { kind: 'user', ...person } : null;
}

async function resolveApiKey(tenants: TenantRunner, key: string): Promise<Actor | null> {
  const parsed = parseScopedToken('ek', key);
  if (!parsed) return null;
  const hash = hashToken(key);
  return tenants.system(parsed.workspaceId, async (tx, workspaceId) => {
    const found = await tx.apiKey.findFirst({ where: { workspaceId, keyHash: hash, revokedAt: null } });
    if (!found || (found.expiresAt && found.expiresAt <= new Date())) return null;
    // Coarse last-use stamp: at most one write a minute per key.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
      await tx.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
    }
    return { kind: 'apiKey', keyId: found.id, workspaceId, scopes: found.scopes as ApiKeyScope[] };
  });
}
