import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../app';
import { adminDb } from '../db';
import { setEnvForProcess } from '../env';
import { authPost, signInHttp } from '../realtime/test-helpers';
import { bearer, resolveActor, signUp } from '../test-utils/actors';
import { startTestServer } from '../test-utils/server';
import { clearSessionCache } from './session-cache';

let app: RunningApp;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app.shutdown();
});

const deleteRowBehindAuthsBack = (token: string) => adminDb().session.deleteMany({ where: { token } });

describe('session cache', () => {
  it('answers a repeated credential without the database, for a few seconds at most', async () => {
    clearSessionCache();
    const u = await signUp('Cached');
    expect(await resolveActor(bearer(u.token))).toMatchObject({ kind: 'user', userId: u.userId });
    // Deleted by SQL (no hook fires): the cached answer stands until it runs out…
    await deleteRowBehindAuthsBack(u.token);
    expect(await resolveActor(bearer(u.token))).toMatchObject({ userId: u.userId });
    // …and a credential it never checked is looked up, not guessed.
    expect(await resolveActor(bearer(`${u.token}x`))).toBeNull();
    clearSessionCache();
    expect(await resolveActor(bearer(u.token))).toBeNull();
  });

  it('forgets a session the moment it is signed out or revoked', async () => {
    clearSessionCache();
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
    clearSessionCache();
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
