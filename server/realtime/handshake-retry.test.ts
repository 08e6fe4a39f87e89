import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { signUp } from '../../test/actors';
import { useTestServer } from '../../test/server';
import { retryRefusedHandshakes } from '../../components/client/socket-retry';

// The browser clients' policy for refused handshakes, with a real socket.io-client against a real
// server. That a refusal for an outage is retried until the server takes the socket is shown
// against a restarting database in server/db/outage.test.ts.
const sockets: Socket[] = [];
const app = useTestServer();
afterAll(() => {
  for (const s of sockets) s.close();
});

const client = (auth: Record<string, string>) => {
  const s = io(app.url, { transports: ['websocket'], auth, forceNew: true, autoConnect: false });
  sockets.push(s);
  return s;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('retrying refused handshakes', () => {
  it('gives up on UNAUTHORIZED: a new session is needed, not another attempt', async () => {
    const s = client({ token: 'not-a-session' });
    let attempts = 0;
    s.on('connect_error', () => attempts++);
    const gaveUp = new Promise<string>((resolve) =>
      retryRefusedHandshakes(s, { onGiveUp: resolve, baseMs: 20, maxMs: 40 }),
    );
    s.connect();
    expect(await gaveUp).toBe('UNAUTHORIZED');
    await sleep(500); // many backoff periods: nothing is tried again
    expect({ attempts, active: s.active, connected: s.connected }).toEqual({
      attempts: 1,
      active: false,
      connected: false,
    });
  });

  it('leaves a socket that was let in to Socket.IO, and stops when told', async () => {
    const u = await signUp();
    const s = client({ token: u.token });
    const retry = retryRefusedHandshakes(s, { onGiveUp: () => undefined });
    s.connect();
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    retry.stop();
    expect(s.listeners('connect_error')).toEqual([]);
  });
});
