import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { workspaceWith } from '../../test/factories';
import { collect, connect, nextDisconnect, nextEvent, signUp } from '../../test/sockets';
import { authPost, signInHttp } from '../../test/http';

const WITHIN_MS = 2000;

// No sweep during these tests: each path must reach the sockets by itself (the sweep has its own file).
const app = useTestServer({ env: { REALTIME_SESSION_CHECK_SECONDS: '3600' } });

describe('revocation reaches sockets within 2 seconds', () => {
  it('sign-out: that session is told and disconnected; the same user’s other session stays', async () => {
    const alice = await signUp('Alice');
    const other = await signInHttp(app.url, alice);
    const mine = await connect(app.url, { token: alice.token });
    const theirs = await connect(app.url, { cookie: other.cookie });

    const told = nextEvent(mine, 'session:revoked');
    const dropped = nextDisconnect(mine);
    const untouched = collect(theirs, 'session:revoked', 1000);
    const t0 = Date.now();
    await authPost(app.url, '/sign-out', alice.token);
    const { payload, at } = await told;
    expect(payload).toEqual({ reason: 'sign_out' });
    expect(at - t0).toBeLessThan(WITHIN_MS);
    const d = await dropped;
    expect(d.reason).toBe('io server disconnect');
    expect(d.at - t0).toBeLessThan(WITHIN_MS);
    expect(await untouched).toEqual([]);
    expect(theirs.connected).toBe(true);
  });

  it('revoke-session (one session by token) and revoke-sessions (all of them)', async () => {
    const bob = await signUp('Bob');
    const second = await signInHttp(app.url, bob);
    const third = await signInHttp(app.url, bob);
    const c1 = await connect(app.url, { token: bob.token });
    const c2 = await connect(app.url, { token: second.token });
    const c3 = await connect(app.url, { cookie: third.cookie });

    const told2 = nextEvent(c2, 'session:revoked');
    const dropped2 = nextDisconnect(c2);
    let t0 = Date.now();
    await authPost(app.url, '/revoke-session', bob.token, { token: second.token });
    expect((await told2).payload).toEqual({ reason: 'revoked' });
    expect((await dropped2).at - t0).toBeLessThan(WITHIN_MS);
    expect(c1.connected && c3.connected).toBe(true);

    const dropped1 = nextDisconnect(c1);
    const dropped3 = nextDisconnect(c3);
    const told3 = nextEvent(c3, 'session:revoked');
    t0 = Date.now();
    await authPost(app.url, '/revoke-sessions', bob.token);
    const [d1, d3] = await Promise.all([dropped1, dropped3]);
    expect(Math.max(d1.at, d3.at) - t0).toBeLessThan(WITHIN_MS);
    expect((await told3).payload).toEqual({ reason: 'revoked' });
  });

  it('removal from a workspace: member:updated with role null, then nothing more from that workspace', async () => {
    const acme = await workspaceWith({ member: ['Carol', 'Dan'] }, { name: 'Acme', owner: 'Owner' });
    const {
      owner,
      member: [carol, dan],
      id: ws,
    } = acme;
    const carolC = await connect(app.url, { token: carol.token });
    const danC = await connect(app.url, { token: dan.token });
    const ownerC = await connect(app.url, { token: owner.token });

    const told = nextEvent(carolC, 'member:updated', 3000, (p) => p.userId === carol.userId);
    const t0 = Date.now();
    await owner.api.member.remove({ workspaceId: ws, userId: carol.userId });
    const { payload, at } = await told;
    expect(payload).toEqual({ workspaceId: ws, userId: carol.userId, role: null, reason: 'removed' });
    expect(at - t0).toBeLessThan(WITHIN_MS);
    const [s] = await app.realtime.io.in(`user:${carol.userId}`).fetchSockets();
    expect([...(s?.rooms ?? [])].some((r) => r.startsWith(`ws:${ws}`))).toBe(false);
    expect(carolC.connected).toBe(true); // still signed in; only the workspace is gone

    // Dan's presence still reaches the workspace (the owner), but not Carol any more.
    const carolHears = collect(carolC, 'presence', 800);
    const ownerHears = nextEvent(
      ownerC,
      'presence',
      3000,
      (p) => p.userId === dan.userId && p.status === 'dnd',
    );
    const ack = await new Promise<{ ok: boolean }>((r) => danC.emit('presence:set', { status: 'dnd' }, r));
    expect(ack.ok).toBe(true);
    await ownerHears;
    expect(await carolHears).toEqual([]);
  });

  it('role change: the affected user’s sockets get member:updated with the new role', async () => {
    const roles = await workspaceWith({ member: ['Erin'] }, { name: 'Roles', owner: 'Owner2' });
    const {
      owner,
      member: [erin],
      id: ws,
    } = roles;
    const erinC = await connect(app.url, { token: erin.token });
    const told = nextEvent(erinC, 'member:updated');
    const t0 = Date.now();
    await owner.api.member.changeRole({ workspaceId: ws, userId: erin.userId, role: 'moderator' });
    const { payload, at } = await told;
    expect(payload).toEqual({
      workspaceId: ws,
      userId: erin.userId,
      role: 'moderator',
      reason: 'role_changed',
    });
    expect(at - t0).toBeLessThan(WITHIN_MS);
  });
});
