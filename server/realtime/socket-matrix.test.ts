import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../app';
import { buildFixture, type Fixture } from '../test-utils/matrix';
import { startTestServer } from '../test-utils/server';
import { closeAllClients, collect, connect, type Client } from './test-helpers';
import { clientEventNames, type ClientEventName, type ServerToClientEvents } from './types';

/** One case per client event: a valid payload, and the server event it makes others see. */
const socketCases: Record<ClientEventName, { payload: unknown; observed: keyof ServerToClientEvents }> = {
  'presence:set': { payload: { status: 'away', text: 'isolation matrix' }, observed: 'presence' },
};

let f: Fixture;
let app: RunningApp;
beforeAll(async () => {
  f = await buildFixture('sock');
  app = await startTestServer();
});
afterAll(async () => {
  closeAllClients();
  await app.shutdown();
});

describe('isolation matrix (socket events)', () => {
  it('has a case for every client event', () => {
    expect(Object.keys(socketCases).sort()).toEqual([...clientEventNames].sort());
  });

  it('refuses anonymous and forged connections outright', async () => {
    await expect(connect(app.url)).rejects.toThrow('UNAUTHORIZED');
    await expect(connect(app.url, { token: `${f.ownerA.token}x` })).rejects.toThrow('UNAUTHORIZED');
  });

  it("never delivers a workspace's events to another workspace's member or to a removed member", async () => {
    const sender = await connect(app.url, { token: f.memberA.token });
    const insider = await connect(app.url, { token: f.ownerA.token });
    const outsiders: [string, Client][] = [
      ['owner of B', await connect(app.url, { token: f.ownerB.token })],
      ['removed member of A', await connect(app.url, { token: f.removedA.token })],
    ];
    for (const [event, c] of Object.entries(socketCases) as [
      ClientEventName,
      (typeof socketCases)[ClientEventName],
    ][]) {
      const seenInside = collect(insider, c.observed, 800);
      const seenOutside = outsiders.map(([who, s]) =>
        collect(s, c.observed, 800).then((got) => [who, got] as const),
      );
      const ack: unknown = await sender.emitWithAck(
        event,
        c.payload as Parameters<typeof sender.emitWithAck>[1],
      );
      expect(ack, event).toMatchObject({ ok: true });
      // Positive control: a member of A sees it, so silence elsewhere means isolation, not a dead event.
      expect((await seenInside).length, `${event} inside A`).toBeGreaterThan(0);
      for (const [who, got] of await Promise.all(seenOutside)) {
        const fromSender = got.filter((p) => JSON.stringify(p).includes(f.memberA.userId));
        expect(fromSender, `${event} seen by ${who}`).toEqual([]);
      }
    }
  });
});
