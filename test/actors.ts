import { randomBytes } from 'node:crypto';
import { resolveActor as resolveActorIn } from '../server/auth/actor';
import type { RequestMeta } from '../server/lib/request-meta';
import { createContext } from '../server/trpc/context';
import { createCaller } from '../server/trpc/root';
import { testRuntime } from './runtime';

export interface TestUser {
  userId: string;
  email: string;
  name: string;
  password: string;
  /** The session token, usable as `Authorization: Bearer <token>` and as a socket `auth.token`. */
  token: string;
}

let n = 0;
export async function signUp(name = `user${++n}`): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(4).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const r = await testRuntime().auth.api.signUpEmail({ body: { email, password, name } });
  // Sign-up signs nobody in (the mailed link does); the session comes from a password sign-in.
  const s = await testRuntime().auth.api.signInEmail({ body: { email, password } });
  return { userId: r.user.id, email, name, password, token: s.token };
}

export const testMeta = (over: Partial<RequestMeta> = {}): RequestMeta => ({
  requestId: `test-${randomBytes(4).toString('hex')}`,
  ip: '127.0.0.1',
  userAgent: 'vitest',
  ...over,
});

export const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

/** A tRPC caller authenticated exactly as an HTTP request with these headers would be. */
export async function callerWith(headers: Headers, meta = testMeta()) {
  return createCaller(await createContext({ rt: testRuntime(), headers, meta }));
}

export const callerFor = (u: { token: string } | null, meta?: RequestMeta) =>
  callerWith(u ? bearer(u.token) : new Headers(), meta);

export const apiKeyCaller = (key: string, meta?: RequestMeta) =>
  callerWith(new Headers({ 'x-api-key': key }), meta);

/** resolveActor on this file's runtime. */
export const resolveActor = (headers: Headers) => resolveActorIn(testRuntime(), headers);

/**
 * Signs up many people quickly: the account and a session straight through better-auth's own
 * adapter, without a password (hashing one costs about 0.1 s of CPU each, which a crowd of a thousand
 * cannot afford). For tests that need a crowd, not a sign-in.
 */
export async function crowd(n: number, prefix = 'crowd'): Promise<TestUser[]> {
  const ctx = await testRuntime().auth.$context;
  const out: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${prefix}-${i}-${randomBytes(4).toString('hex')}@example.test`;
    const user = await ctx.internalAdapter.createUser(
      { email, name: `${prefix} ${i}`, emailVerified: true },
      { method: 'admin' },
    );
    const session = await ctx.internalAdapter.createSession(user.id);
    out.push({ userId: user.id, email, name: user.name, password: '', token: session.token });
  }
  return out;
}
