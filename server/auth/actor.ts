import { db } from '../db';
import { mintWorkspaceId, withTenant, type WorkspaceId } from '../db/tenant';
import { hashToken, parseScopedToken } from '../lib/scoped-token';
import type { ApiKeyScope } from '../domain/api-key/scopes';
import { resolveVisitorToken, type VisitorIdentity } from '../domain/widget/sessions';
import { auth } from './auth';
import { authenticatingCredential, cachedSession, lookupCredential, rememberSession } from './session-cache';

export type Actor =
  | { kind: 'user'; userId: string; sessionId: string; email: string; name: string }
  | { kind: 'apiKey'; keyId: string; workspaceId: WorkspaceId; scopes: ApiKeyScope[] }
  /** Someone chatting through the embeddable widget: one workspace, widget procedures only. */
  | ({ kind: 'visitor' } & VisitorIdentity);

/** An actor that is a person with a user id (signed in, or a widget visitor). */
export type PersonActor = Extract<Actor, { kind: 'user' | 'visitor' }>;

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
export async function resolveActor(headers: Headers): Promise<Actor | null> {
  const key = presentedKey(headers);
  if (key !== null) return resolveApiKey(key);
  const token = bearerToken(headers);
  if (token?.startsWith('ev_')) {
    const visitor = await resolveVisitorToken(token);
    return visitor ? { kind: 'visitor', ...visitor } : null;
  }
  const cookieName = (await auth().$context).authCookies.sessionToken.name;
  const credential = lookupCredential(headers, cookieName);
  const cached = credential ? cachedSession(credential) : null;
  if (cached) return { kind: 'user', ...cached };
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const person = {
    userId: session.user.id,
    sessionId: session.session.id,
    email: session.user.email,
    name: session.user.name,
  };
  // Remembered under what authenticated it: a header better-auth ignored (Basic, a bearer token
  // whose signature failed) must not later stand for the cookie's person.
  const used = authenticatingCredential(headers, cookieName, session.session.token);
  if (used) rememberSession(used, person, session.session.expiresAt);
  return { kind: 'user', ...person };
}

async function resolveApiKey(key: string): Promise<Actor | null> {
  const parsed = parseScopedToken('ek', key);
  if (!parsed) return null;
  const workspaceId = mintWorkspaceId(parsed.workspaceId);
  const hash = hashToken(key);
  const row = await withTenant(db(), { workspaceId, userId: null }, async (tx) => {
    const found = await tx.apiKey.findFirst({ where: { workspaceId, keyHash: hash, revokedAt: null } });
    if (!found || (found.expiresAt && found.expiresAt <= new Date())) return null;
    // Coarse last-use stamp: at most one write a minute per key.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
      await tx.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
    }
    return found;
  });
  if (!row) return null;
  return { kind: 'apiKey', keyId: row.id, workspaceId, scopes: row.scopes as ApiKeyScope[] };
}
