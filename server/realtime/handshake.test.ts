import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { publish } from '../../test/runtime';
import { workspaceWith } from '../../test/factories';
import { collect, connect, nextEvent, signUp } from '../../test/sockets';
import { signInHttp } from '../../test/http';

const app = useTestServer();

describe('socket handshake', () => {
  it('accepts the session cookie from an HTTP sign-in', async () => {
    const alice = await signUp('Alice');
    const { cookie } = await signInHttp(app.url, alice);
    const c = await connect(app.url, { cookie });
    const [s] = await app.realtime.io.in(`user:${alice.userId}`).fetchSockets();
    expect(s?.id).toBe(c.id);
  });

  it('accepts a bearer session token in auth.token', async () => {
    const bob = await signUp('Bob');
    const c = await connect(app.url, { token: bob.token });
    const [s] = await app.realtime.io.in(`user:${bob.userId}`).fetchSockets();
    expect(s?.id).toBe(c.id);
  });

  it('refuses a client without credentials, or with a forged token, as UNAUTHORIZED', async () => {
    await expect(connect(app.url)).rejects.toMatchObject({ message: 'UNAUTHORIZED' });
    await expect(connect(app.url, { token: 'not-a-session-token' })).rejects.toMatchObject({
      message: 'UNAUTHORIZED',
    });
    await expect(connect(app.url, { cookie: 'better-auth.session_token=forged.sig' })).rejects.toMatchObject({
      message: 'UNAUTHORIZED',
    });
  });

  it('refuses a browser Origin that is not on the allow-list, even with valid credentials', async () => {
    const carol = await signUp('Carol');
    await expect(connect(app.url, { token: carol.token, origin: 'http://evil.test' })).rejects.toThrow();
    expect(await app.realtime.io.in(`user:${carol.userId}`).fetchSockets()).toHaveLength(0);
    // The configured origin (APP_URL's in tests) is accepted.
    const c = await connect(app.url, { token: carol.token, origin: 'http://localhost:3999' });
    expect(c.connected).toBe(true);
  });

  it('joins ws:<id> only for the workspaces the user belongs to', async () => {
    const alpha = await workspaceWith({ member: ['Cid'] }, { name: 'Alpha', owner: 'Ann' });
    const beta = await workspaceWith({}, { name: 'Beta', owner: 'Ben' });
    const [ann, ben, [cid]] = [alpha.owner, beta.owner, alpha.member];
    const [a, b] = [alpha.id, beta.id];
    const annC = await connect(app.url, { token: ann.token });
    const benC = await connect(app.url, { token: ben.token });
    const cidC = await connect(app.url, { token: cid.token });

    const [benSocket] = await app.realtime.io.in(`user:${ben.userId}`).fetchSockets();
    // Its workspace's room, and (not a guest) its staff room; nothing of the others.
    expect([...(benSocket?.rooms ?? [])].filter((r) => r.startsWith('ws:')).sort()).toEqual([
      `ws:${b}`,
      `ws:${b}:staff`,
    ]);

    const benHears = collect(benC, 'member:updated', 500);
    const annHears = nextEvent(annC, 'member:updated');
    const cidHears = nextEvent(cidC, 'member:updated');
    await publish({
      type: 'member:updated',
      workspaceId: a,
      userId: cid.userId,
      role: 'admin',
      reason: 'role_changed',
    });
    expect((await annHears).payload).toMatchObject({ workspaceId: a, userId: cid.userId, role: 'admin' });
    expect((await cidHears).payload.workspaceId).toBe(a);
    expect(await benHears).toEqual([]);
  });
});
