import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { connect, nextDisconnect, nextEvent, signUp } from '../../test/sockets';
import { authPost, signInHttp } from '../../test/http';

// No sweep: the revocation itself must reach the cache and the sockets (the sweep has its own test).
const app = useTestServer({ env: { REALTIME_SESSION_CHECK_SECONDS: '3600' } });

const ORIGIN = 'http://localhost:3999';
const listMine = (headers: Record<string, string>) =>
  fetch(`${app.url}/api/trpc/workspace.listMine`, { headers: { origin: ORIGIN, ...headers } });

interface ListedSession {
  id: string;
  token: string;
  userAgent: string | null;
}

async function listSessions(token: string): Promise<ListedSession[]> {
  const res = await fetch(`${app.url}/api/auth/list-sessions`, {
    headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ListedSession[];
}

// The sessions page revokes through these two endpoints; the revoked browser (cookie) was just
// answered from the session cache, so its next call must fail because the cache forgot it.
describe('the sessions page’s revocations take effect at once', () => {
  it('revoke-other-sessions: the other device’s next tRPC call is 401 and its socket drops', async () => {
    const ann = await signUp('Ann Devices');
    const other = await signInHttp(app.url, ann);
    expect((await listMine({ cookie: other.cookie })).status).toBe(200); // cached now
    const sock = await connect(app.url, { cookie: other.cookie });
    const told = nextEvent(sock, 'session:revoked');
    const dropped = nextDisconnect(sock);

    expect((await listSessions(ann.token)).map((s) => s.token).sort()).toEqual(
      [ann.token, other.token].sort(),
    );
    await authPost(app.url, '/revoke-other-sessions', ann.token);

    expect((await listMine({ cookie: other.cookie })).status).toBe(401);
    expect((await told).payload).toEqual({ reason: 'revoked' });
    expect((await dropped).reason).toBe('io server disconnect');
    expect((await listMine({ authorization: `Bearer ${ann.token}` })).status).toBe(200);
    expect((await listSessions(ann.token)).map((s) => s.token)).toEqual([ann.token]);
  });

  it('revoke-session with a token from list-sessions: that one only', async () => {
    const bea = await signUp('Bea Devices');
    const laptop = await signInHttp(app.url, bea);
    const phone = await signInHttp(app.url, bea);
    for (const s of [laptop, phone]) expect((await listMine({ cookie: s.cookie })).status).toBe(200);
    const laptopSock = await connect(app.url, { cookie: laptop.cookie });
    const phoneSock = await connect(app.url, { cookie: phone.cookie });
    const dropped = nextDisconnect(laptopSock);

    const listed = await listSessions(bea.token);
    const target = listed.find((s) => s.token === laptop.token);
    expect(target).toBeDefined();
    await authPost(app.url, '/revoke-session', bea.token, { token: target?.token });

    expect((await listMine({ cookie: laptop.cookie })).status).toBe(401);
    expect((await dropped).reason).toBe('io server disconnect');
    expect((await listMine({ cookie: phone.cookie })).status).toBe(200);
    expect(phoneSock.connected).toBe(true);
  });
});
