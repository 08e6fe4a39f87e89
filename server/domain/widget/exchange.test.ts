import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/server';
import {
  APP,
  HOST,
  asVisitor,
  claims,
  exchange,
  exchangeCounts,
  now,
  refusedWith,
  sign,
  widgetWorkspace,
} from '../../../test/widget';
import { superQuery } from '../../../test/db';
import { join, person } from '../../../test/factories';
import { trpcHttp } from '../../../test/http';
import { signIdentity, type IdentityClaims } from './token';
import { testRuntime } from '../../../test/runtime';

// The session exchange's guards against misuse: claims the database cannot store, tokens used
// twice, anonymous visitors minted by scripts, and refused visitor calls flooding the audit log.

const app = useTestServer();

/** widget.session over real HTTP, as a browser on `origin` sends it. */
const postSession = (input: { workspace: string; token: string | null }, origin: string | null = APP) =>
  trpcHttp(app.url, 'widget.session', { ...input, hostOrigin: HOST }, { headers: origin ? { origin } : {} });

describe('claims', () => {
  it('answers 400 naming the claim for control characters in any claim, subjects included, and writes nothing', async () => {
    const { ws, secret } = await widgetWorkspace('Claims shop');
    const before = await exchangeCounts(ws.id);
    const bad: [Partial<IdentityClaims>, RegExp, string][] = [
      [{ sub: 'cust\u00001' }, /sub: Must not contain control characters/, 'token.sub'],
      [{ name: 'Carla\u0000' }, /name: Must not contain control characters/, 'token.name'],
      [{ name: 'Carla\u0007Bell' }, /name: Must not contain control characters/, 'token.name'],
      [{ email: 'carla\u0000@shop.example' }, /email/, 'token.email'],
      [{ jti: 'a\u0000' }, /jti/, 'token.jti'],
      [
        { subjects: [{ type: 'invoice', id: '4\u00002' }] },
        /subjects\.0\.id: Must not contain control characters/,
        'token.subjects.0.id',
      ],
    ];
    for (const [over, message, field] of bad) {
      const e = await refusedWith(
        exchange(ws.slug, sign(secret, over)),
        'BAD_REQUEST',
        message,
        'VALIDATION',
      );
      expect(
        Object.keys((e.cause as { details?: { fieldErrors?: object } }).details?.fieldErrors ?? {}),
      ).toEqual([field]);
    }
    // Over HTTP: a typed 400, never a 500.
    const res = await postSession({
      workspace: ws.slug,
      token: sign(secret, { name: 'x\u0000y' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { message: string; data: { appCode: string } };
    };
    expect(body.error.data.appCode).toBe('VALIDATION');
    expect(body.error.message).toMatch(/claims are invalid \(name:/);
    expect(await exchangeCounts(ws.id)).toEqual(before);
  });
});

describe('single-use identity tokens', () => {
  it('exchanges a token once; a second exchange is refused and writes nothing', async () => {
    const { ws, secret } = await widgetWorkspace('Once shop');
    const exp = now() + 300;
    const token = sign(secret, { exp });
    const first = await exchange(ws.slug, token);
    // Remembered until the token itself expires.
    const [used] = await superQuery<{ expires_at: Date }>(
      'SELECT expires_at FROM widget_token_use WHERE workspace_id = $1',
      [ws.id],
    );
    expect(used?.expires_at.getTime()).toBe(exp * 1000);
    const before = await exchangeCounts(ws.id);
    await refusedWith(exchange(ws.slug, token), 'UNAUTHORIZED', /already used; sign a new one/);
    // Without an Origin (a host's server) and from the host page alike.
    await refusedWith(exchange(ws.slug, token, null), 'UNAUTHORIZED', /already used/);
    await refusedWith(exchange(ws.slug, token, HOST), 'UNAUTHORIZED', /already used/);
    expect(await exchangeCounts(ws.id)).toEqual(before);
    // The first session is untouched, and a fresh token for the same person works.
    expect((await (await asVisitor(first.token)).widget.me({ workspaceId: ws.id })).userId).toBe(
      first.visitor.userId,
    );
    expect((await exchange(ws.slug, sign(secret))).visitor.userId).toBe(first.visitor.userId);
  });

  it('admits exactly one of several concurrent exchanges of the same token', async () => {
    const { ws, secret } = await widgetWorkspace('Race shop');
    const token = sign(secret, { sub: 'racer' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => exchange(ws.slug, token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/already used/);
    expect(await exchangeCounts(ws.id)).toMatchObject({
      v: '1',
      s: '1',
      t: '1',
    });
  });

  it('purges the ids of expired tokens as new ones are remembered', async () => {
    const { ws, secret } = await widgetWorkspace('Purge shop');
    await superQuery(
      `INSERT INTO widget_token_use (workspace_id, token_id, expires_at)
       SELECT $1, 'expired-' || i, now() - interval '1 day' FROM generate_series(1, 3) i`,
      [ws.id],
    );
    await superQuery(
      `INSERT INTO widget_token_use (workspace_id, token_id, expires_at) VALUES ($1, 'live', now() + interval '1 hour')`,
      [ws.id],
    );
    await exchange(ws.slug, sign(secret));
    const left = await superQuery<{ token_id: string }>(
      'SELECT token_id FROM widget_token_use WHERE workspace_id = $1 ORDER BY used_at, token_id',
      [ws.id],
    );
    expect(left.map((r) => r.token_id)).toEqual(['live', expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });
});

describe('anonymous visitors', () => {
  it('need a request Origin that is the app or an allowed host; signed identities do not', async () => {
    const { ws, secret } = await widgetWorkspace('Origin shop', {
      anonymous: true,
    });
    const before = await exchangeCounts(ws.id);
    await refusedWith(exchange(ws.slug, null, null), 'FORBIDDEN', /Anonymous chat sessions .* no Origin/);
    const res = await postSession({ workspace: ws.slug, token: null }, null);
    expect(res.status).toBe(403);
    expect(await exchangeCounts(ws.id)).toEqual(before);
    expect((await exchange(ws.slug, null, APP)).visitor.anonymous).toBe(true);
    expect((await exchange(ws.slug, null, HOST)).visitor.anonymous).toBe(true);
    // A host's server exchanging a signed identity sends no Origin.
    expect((await exchange(ws.slug, sign(secret), null)).visitor.anonymous).toBe(false);
  });

  it('are capped per workspace and hour: concurrent requests against a cap of k admit exactly k', async () => {
    const { api, ws, secret } = await widgetWorkspace('Cap shop', {
      anonymous: true,
      anonymousPerHour: 3,
    });
    expect((await api.widget.settings({ workspaceId: ws.id })).anonymousPerHour).toBe(3);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => postSession({ workspace: ws.slug, token: null })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(3).fill(200), ...Array<number>(9).fill(429)]);
    for (const r of results.filter((x) => x.status === 429)) {
      const retry = Number(r.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(3600);
      const body = (await r.json()) as {
        error: { message: string; data: { appCode: string } };
      };
      expect(body.error).toMatchObject({
        data: { appCode: 'TOO_MANY_REQUESTS' },
      });
      expect(body.error.message).toMatch(/anonymous visitors this hour/);
    }
    expect(await exchangeCounts(ws.id)).toMatchObject({ v: '3', s: '3' });
    // Signed visitors are not anonymous ones: the cap leaves them alone.
    expect((await exchange(ws.slug, sign(secret))).visitor.anonymous).toBe(false);
    // Visitors older than an hour no longer count; 0 takes no new anonymous visitors at all.
    await superQuery(
      `UPDATE widget_visitor SET created_at = now() - interval '2 hours' WHERE workspace_id = $1`,
      [ws.id],
    );
    expect((await exchange(ws.slug, null)).visitor.anonymous).toBe(true);
    await api.widget.update({ workspaceId: ws.id, anonymousPerHour: 0 });
    await refusedWith(exchange(ws.slug, null), 'TOO_MANY_REQUESTS', /no new anonymous visitors/);
    await refusedWith(api.widget.update({ workspaceId: ws.id, anonymousPerHour: -1 }), 'BAD_REQUEST');
  });
});

describe('refused visitor calls in the audit log', () => {
  it('records 1,000 refused calls by one visitor in two entries with the count; people are audited per call', async () => {
    const { api, ws, secret } = await widgetWorkspace('Audit shop');
    const s = await exchange(ws.slug, signIdentity(secret, claims({ sub: 'prober' })));
    const v = await asVisitor(s.token);
    const denied = () =>
      superQuery<{ data: Record<string, unknown> }>(
        `SELECT data FROM audit_event WHERE workspace_id = $1 AND action = 'authz.denied' AND actor_id = $2
         ORDER BY seq`,
        [ws.id, s.visitor.userId],
      );
    await refusedWith(v.member.list({ workspaceId: ws.id }), 'FORBIDDEN');
    for (let batch = 0; batch < 999; batch += 37) {
      const calls = Array.from({ length: Math.min(37, 999 - batch) }, (_, i) =>
        (batch + i) % 5 < 3 ? v.member.list({ workspaceId: ws.id }) : v.channel.list({ workspaceId: ws.id }),
      );
      const out = await Promise.allSettled(calls);
      expect(out.every((r) => r.status === 'rejected')).toBe(true);
    }
    // The first at once; the rest only counted while the window is open.
    expect((await denied()).map((r) => r.data)).toEqual([{ procedure: 'member.list' }]);
    await testRuntime().visitorDenials.flush();
    const entries = (await denied()).map((r) => r.data);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      repeated: 999,
      procedures: { 'member.list': 600, 'channel.list': 399 },
    });
    expect(Date.parse(String(entries[1]?.until))).toBeGreaterThanOrEqual(
      Date.parse(String(entries[1]?.since)),
    );
    // A new window opens with an entry of its own.
    await refusedWith(v.search.messages({ workspaceId: ws.id, query: 'x' }), 'FORBIDDEN');
    expect((await denied()).map((r) => r.data).at(-1)).toEqual({
      procedure: 'search.messages',
    });
    await testRuntime().visitorDenials.flush();
    expect(await denied()).toHaveLength(3);

    // A person is audited for every refused call, as before.
    const guest = await person('Gus Guest');
    await join(ws, guest, 'guest');
    const g = guest.api;
    for (let i = 0; i < 3; i++) await refusedWith(g.widget.settings({ workspaceId: ws.id }), 'FORBIDDEN');
    const [people] = await superQuery<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit_event WHERE workspace_id = $1 AND action = 'authz.denied' AND actor_id = $2`,
      [ws.id, guest.userId],
    );
    expect(people?.n).toBe('3');
    expect(await api.audit.verify({ workspaceId: ws.id })).toMatchObject({
      ok: true,
      brokenAt: null,
    });
  });
});
