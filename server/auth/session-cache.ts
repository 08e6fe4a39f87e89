import { createHash } from 'node:crypto';
import { env } from '../env';
import { SharedRuns } from '../lib/shared-runs';
import type { AuthEventBus } from './events';

export interface CachedSession {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  createdAt: Date;
}

// better-auth reads the session and its user from the database on every request (about 2.4 ms
// each in the history benchmark). A checked session is kept here for a few seconds, keyed by a
// hash of the one credential that authenticated it (the bearer header, or the session cookie's
// value), never by anything else the caller sent. Revocations (sign-out, revoke-session(s),
// password reset) arrive through authEvents and forget the affected entries at once; expiry is
// honoured by capping each entry. Failed lookups are never cached.
const MAX_ENTRIES = 10_000;

const keyOf = (credential: string) => createHash('sha256').update(credential).digest('base64url');

/** How better-auth's bearer plugin reads a header: any-case "Bearer ", then a percent-decoded token. */
const BEARER = /^bearer /i;
function bearerSessionToken(authz: string): string {
  const token = authz.slice(7).trim();
  let decoded = token;
  if (token.includes('%')) {
    try {
      decoded = decodeURIComponent(token);
    } catch {
      // better-auth keeps an undecodable token as it is.
    }
  }
  return decoded.split('.')[0] ?? '';
}

/** The session cookie's raw value (`<token>.<signature>`, percent-encoded), if the request has one. */
function sessionCookie(headers: Headers, cookieName: string): string | null {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim();
  }
  return null;
}

function cookieSessionToken(value: string): string {
  try {
    return decodeURIComponent(value).split('.')[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * The credential a cached answer may be looked up by. A bearer header decides on its own: when it
 * is valid better-auth uses it over any cookie, so the cookie's answer cannot stand for it. Any
 * other Authorization scheme is ignored by better-auth, and so here: the session cookie decides.
 */
export function lookupCredential(headers: Headers, cookieName: string): string | null {
  const authz = headers.get('authorization');
  if (authz && BEARER.test(authz)) return `b:${authz}`;
  const cookie = sessionCookie(headers, cookieName);
  return cookie ? `c:${cookie}` : null;
}

/**
 * The credential that actually authenticated a session better-auth returned: the bearer header if
 * it carried that session's token, else the session cookie if it did; null when neither did (then
 * nothing is cached).
 */
export function authenticatingCredential(
  headers: Headers,
  cookieName: string,
  sessionToken: string,
): string | null {
  const authz = headers.get('authorization');
  if (authz && BEARER.test(authz) && bearerSessionToken(authz) === sessionToken) return `b:${authz}`;
  const cookie = sessionCookie(headers, cookieName);
  if (cookie && cookieSessionToken(cookie) === sessionToken) return `c:${cookie}`;
  return null;
}

/**
 * Every credential better-auth may decide by (the Authorization header and the session cookie):
 * two requests with the same pair get the same answer from it, so they may share one lookup.
 */
export function credentialPair(headers: Headers, cookieName: string): string {
  return `${headers.get('authorization') ?? ''}\u0000${sessionCookie(headers, cookieName) ?? ''}`;
}

/** The cache in this process's memory (a shared one replaces it when the deployment scales out). */
export class SessionCache {
  private readonly entries = new Map<string, { session: CachedSession; until: number }>();
  private readonly loading = new SharedRuns<CachedSession | null>();

  constructor(events: AuthEventBus) {
    events.on('session-revoked', ({ sessionId }) => this.forget((s) => s.sessionId === sessionId));
    events.on('user-sessions-revoked', ({ userId }) => this.forget((s) => s.userId === userId));
  }

  get(credential: string): CachedSession | null {
    const key = keyOf(credential);
    const hit = this.entries.get(key);
    if (!hit) return null;
    if (hit.until <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return hit.session;
  }

  remember(credential: string, session: CachedSession, expiresAt: Date) {
    const ttl = env().SESSION_CACHE_SECONDS * 1000;
    if (ttl === 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(keyOf(credential), { session, until: Math.min(Date.now() + ttl, expiresAt.getTime()) });
  }

  /**
   * Runs `load` once for concurrent callers with the same credential pair (the sockets of one
   * person reconnecting together after a blip): they share its answer, and the next caller after
   * it settled starts a new one.
   */
  once(pair: string, load: () => Promise<CachedSession | null>): Promise<CachedSession | null> {
    return this.loading.run(keyOf(pair), load);
  }

  private forget(match: (s: CachedSession) => boolean) {
    for (const [k, v] of this.entries) if (match(v.session)) this.entries.delete(k);
  }

  /** Tests: start empty. */
  clear() {
    this.entries.clear();
  }
}
