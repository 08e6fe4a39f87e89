import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app';
import { startTestServer } from '../../test-utils/server';
import {
  HOST,
  asVisitor,
  exchange,
  exchangeCounts,
  now,
  refusedWith,
  sign,
  superQuery,
  widgetWorkspace,
} from './test-helpers';

// The session exchange's guards against misuse: tokens used twice.

let app: RunningApp;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app.shutdown();
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
    expect(await exchangeCounts(ws.id)).toMatchObject({ v: '1', s: '1', t: '1' });
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
