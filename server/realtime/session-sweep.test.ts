import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superUrlForThisFile } from '../../test/setup/db';
import { useTestServer } from '../../test/server';
import { connect, nextDisconnect, nextEvent, signUp } from '../../test/sockets';

const WITHIN_MS = 2000;

let sql: pg.Client;
// A fast sweep, so that paths outside better-auth are caught within the test's budget.
const app = useTestServer({ env: { REALTIME_SESSION_CHECK_SECONDS: '1' } });
beforeAll(async () => {
  sql = new pg.Client({ connectionString: superUrlForThisFile() });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
});

describe('session sweep', () => {
  it('the periodic re-check ends sockets whose session expired or was deleted outside better-auth', async () => {
    const fay = await signUp('Fay');
    const gus = await signUp('Gus');
    const fayC = await connect(app.url, { token: fay.token });
    const gusC = await connect(app.url, { token: gus.token });
    const fayTold = nextEvent(fayC, 'session:revoked', 3000);
    const gusTold = nextEvent(gusC, 'session:revoked', 3000);
    const fayDropped = nextDisconnect(fayC, 3000);
    const gusDropped = nextDisconnect(gusC, 3000);
    const t0 = Date.now();
    await sql.query(`UPDATE session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      fay.userId,
    ]);
    await sql.query(`DELETE FROM session WHERE user_id = $1`, [gus.userId]);
    expect((await fayTold).payload).toEqual({ reason: 'expired' });
    expect((await gusTold).payload).toEqual({ reason: 'revoked' });
    const ends = await Promise.all([fayDropped, gusDropped]);
    // Sweep every second (configured above), plus the time to notice.
    expect(Math.max(...ends.map((d) => d.at)) - t0).toBeLessThan(WITHIN_MS + 500);
  });
  it('leaves sockets with a live session alone', async () => {
    const hal = await signUp('Hal');
    const c = await connect(app.url, { token: hal.token });
    expect(await app.realtime.sweepSessions()).toBe(0);
    expect(c.connected).toBe(true);
  });
});
