import { describe, expect, it } from 'vitest';
import { setEnvForProcess } from '../env';
import { connect } from '../../test/sockets';
import { authPost, signInHttp } from '../../test/http';
import { bearer, resolveActor, signUp } from '../../test/actors';
import { useTestServer } from '../../test/server';
import { testRuntime } from '../../test/runtime';

const app = useTestServer();

const deleteRowBehindAuthsBack = (token: string) =>
  testRuntime().db.admin.session.deleteMany({ where: { token } });

describe('session cache', () => {
  it('answers a repeated credential without the database, for a few seconds at most', async () => {
    testRuntime().sessions.clear();
    const u = await signUp('Cached');
    expect(await resolveActor(bearer(u.token))).toMatchObject({ kind: 'user', userId: u.userId });
    // Deleted by SQL (no hook fires): the cached answer stands until it runs out…
    await deleteRowBehindAuthsBack(u.token);
    expect(await resolveActor(bearer(u.token))).toMatchObject({ userId: u.userId });
    // …and a credential it never checked is looked up, not guessed.
    expect(await resolveActor(bearer(`${u.token}x`))).toBeNull();
    testRuntime().sessions.clear();
    expect(await resolveActor(bearer(u.token))).toBeNull();
  });

  it('forgets a session the moment it is signed out or revoked', async () => {
    testRuntime().sessions.clear();
    const u = await signUp('Revoked');
    const other = await signInHttp(app.url, u);
    expect(await resolveActor(bearer(u.token))).not.toBeNull();
    expect(await resolveActor(bearer(other.token))).not.toBeNull();
    await authPost(app.url, '/sign-out', other.token);
    expect(await resolveActor(bearer(other.token))).toBeNull();
    expect(await resolveActor(bearer(u.token))).not.toBeNull();
    await authPost(app.url, '/revoke-sessions', u.token);
    expect(await resolveActor(bearer(u.token))).toBeNull();
  });

  it('lets an entry run out after SESSION_CACHE_SECONDS, and caches nothing at 0', async () => {
    testRuntime().sessions.clear();
    setEnvForProcess({ SESSION_CACHE_SECONDS: '1' });
    try {
      const u = await signUp('Short-lived');
      expect(await resolveActor(bearer(u.token))).not.toBeNull();
      await deleteRowBehindAuthsBack(u.token);
      expect(await resolveActor(bearer(u.token))).not.toBeNull();
      await new Promise((r) => setTimeout(r, 1100));
      expect(await resolveActor(bearer(u.token))).toBeNull();

      setEnvForProcess({ SESSION_CACHE_SECONDS: '0' });
      const v = await signUp('Uncached');
      expect(await resolveActor(bearer(v.token))).not.toBeNull();
      await deleteRowBehindAuthsBack(v.token);
      expect(await resolveActor(bearer(v.token))).toBeNull();
    } finally {
      setEnvForProcess({ SESSION_CACHE_SECONDS: '5' });
    }
  });
});

// A header better-auth ignores (another scheme, or a bearer token whose signature fails) next to a
// valid cookie: the cookie authenticates, and the header must not be remembered as that person's.
const ignoredHeaders = ['Basic Zm9vOmJhcg==', 'Bearer forged-token.not-its-signature'];

describe('session cache keyed on what authenticated', () => {
  for (const authorization of ignoredHeaders) {
    it(`never serves "${authorization.split(' ')[0]} …" without the cookie as the cookie's person (tRPC and REST)`, async () => {
      testRuntime().sessions.clear();
      const u = await signUp('Cookie owner');
      const { cookie } = await signInHttp(app.url, u);
      const get = (path: string, headers: Record<string, string>) =>
        fetch(`${app.url}${path}`, { headers: { origin: 'http://localhost:3999', ...headers } });
      for (const path of ['/api/trpc/workspace.listMine', '/api/v1/workspaces']) {
        // With the cookie, the person is signed in (by the cookie).
        expect((await get(path, { cookie, authorization })).status).toBe(200);
        // The same header alone, as a gateway that adds a fixed Authorization header would send it.
        expect((await get(path, { authorization })).status).toBe(401);
        // The cookie alone is still remembered and answered.
        expect((await get(path, { cookie })).status).toBe(200);
      }
    });
  }

  it("never lets a socket handshake with that token and no cookie in as the cookie's person", async () => {
    testRuntime().sessions.clear();
    const u = await signUp('Socket cookie owner');
    const { cookie } = await signInHttp(app.url, u);
    const token = 'forged-token.not-its-signature';
    const withCookie = await connect(app.url, { token, cookie });
    expect(withCookie.connected).toBe(true);
    await expect(connect(app.url, { token })).rejects.toThrow('UNAUTHORIZED');
  });

  it('still remembers a valid bearer token, and a valid bearer token wins over the cookie', async () => {
    testRuntime().sessions.clear();
    const a = await signUp('Bearer person');
    const b = await signUp('Cookie person');
    const { cookie } = await signInHttp(app.url, b);
    const headers = new Headers({ authorization: `Bearer ${a.token}`, cookie });
    expect(await resolveActor(headers)).toMatchObject({ userId: a.userId });
    // Remembered under the bearer header (the cookie's person is not what it answers).
    await deleteRowBehindAuthsBack(a.token);
    expect(await resolveActor(bearer(a.token))).toMatchObject({ userId: a.userId });
    expect(await resolveActor(new Headers({ cookie }))).toMatchObject({ userId: b.userId });
  });
});

describe('concurrent lookups of one credential', () => {
  it('share one better-auth read; another credential pair, or a later call, reads again', async () => {
    const rt = testRuntime();
    rt.sessions.clear();
    const u = await signUp('Many tabs');
    const v = await signUp('Other person');
    const reads: string[] = [];
    const getSession = rt.auth.api.getSession;
    rt.auth.api.getSession = ((ctx: { headers: Headers }) => {
      reads.push(ctx.headers.get('authorization') ?? '');
      return getSession(ctx);
    }) as typeof getSession;
    try {
      // Five sockets of one person at once, and one of another.
      const tabs = await Promise.all([
        ...Array.from({ length: 5 }, () => resolveActor(bearer(u.token))),
        resolveActor(bearer(v.token)),
      ]);
      expect(tabs.map((a) => a?.kind === 'user' && a.userId)).toEqual([
        ...Array<string>(5).fill(u.userId),
        v.userId,
      ]);
      expect(reads).toEqual([`Bearer ${u.token}`, `Bearer ${v.token}`]);
      // The same bearer with a cookie beside it is another pair: better-auth could answer otherwise.
      const cookieName = (await rt.auth.$context).authCookies.sessionToken.name;
      const withCookie = new Headers({ authorization: `Bearer ${u.token}x`, cookie: `${cookieName}=y.z` });
      await Promise.all([resolveActor(bearer(`${u.token}x`)), resolveActor(withCookie)]);
      expect(reads).toHaveLength(4);
      rt.sessions.clear();
      await resolveActor(bearer(u.token));
      expect(reads).toHaveLength(5);
    } finally {
      rt.auth.api.getSession = getSession;
    }
  });
});
