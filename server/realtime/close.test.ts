import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../app';
import { useTestServer } from '../../test/server';
import { closeAllClients, connect, nextDisconnect, signUp } from '../../test/sockets';
import { testRuntime } from '../../test/runtime';

const first = useTestServer();
let second: RunningApp | undefined;
afterAll(async () => {
  closeAllClients();
  await second?.shutdown();
});

describe('realtime.close()', () => {
  it('drops transports so that clients reconnect on their own, to the server that comes back', async () => {
    const u = await signUp('Roamer');
    const c = await connect(first.url, { token: u.token, reconnection: true });
    const dropped = nextDisconnect(c);
    await first.realtime.close();
    const { reason } = await dropped;
    expect(reason).toBe('transport close'); // not 'io server disconnect', which stops reconnection
    expect(c.active).toBe(true);

    // While closing, this node takes no new sockets.
    await expect(connect(first.url, { token: u.token })).rejects.toThrow();

    await first.shutdown();
    const port = Number(new URL(first.url).port);
    const reconnected = new Promise<void>((resolve) => c.once('connect', () => resolve()));
    second = await startApp({ port, seed: false, runtime: testRuntime(), jobs: false });
    await reconnected;
    expect(c.connected).toBe(true);
    expect(await second.realtime.io.in(`user:${u.userId}`).fetchSockets()).toHaveLength(1);
  });
});
