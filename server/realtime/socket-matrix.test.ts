import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from '../../test/matrix/fixture';
import { useTestServer } from '../../test/server';
import { collect, connect, type Client } from '../../test/sockets';
import { clientEventNames, type ClientEventName } from './types';

/**
 * One isolation check per client event. Each runs against workspace A of the fixture and must show
 * that B's owner, a removed member of A, widget visitors of A and B and (where it applies) a guest
 * learn and receive nothing.
 */
type SocketCase = (f: Fixture, url: string) => Promise<void>;
const socketCases: Record<ClientEventName, SocketCase> = {
  'presence:set': async (f, url) => {
    const sender = await connect(url, { token: f.memberA.token });
    const insider = await connect(url, { token: f.ownerA.token });
    const outsiders: [string, Client][] = [
      ['owner of B', await connect(url, { token: f.ownerB.token })],
      ['removed member of A', await connect(url, { token: f.removedA.token })],
      ['widget visitor of B', await connect(url, { token: f.visitorB.token })],
      // A's own visitor joins no workspace-wide room: it does not see staff presence either.
      ['widget visitor of A', await connect(url, { token: f.visitorA.token })],
    ];
    const seenInside = collect(insider, 'presence', 800);
    const seenOutside = outsiders.map(([who, s]) =>
      collect(s, 'presence', 800).then((got) => [who, got] as const),
    );
    expect(
      await sender.emitWithAck('presence:set', { status: 'away', text: 'isolation matrix' }),
    ).toMatchObject({ ok: true });
    // Positive control: a member of A sees it, so silence elsewhere means isolation, not a dead event.
    expect((await seenInside).length).toBeGreaterThan(0);
    for (const [who, got] of await Promise.all(seenOutside)) {
      expect(
        got.filter((p) => p.userId === f.memberA.userId),
        `presence seen by ${who}`,
      ).toEqual([]);
    }
  },
  'channel:join': async (f, url) => {
    const refused: [string, string, string][] = [
      ['owner of B', f.ownerB.token, f.channelA.id],
      ['removed member of A', f.removedA.token, f.channelA.id],
      ['guest of A, public channel', f.guestA.token, f.channelA.id],
      ['member of A not in the private channel', f.adminA.token, f.privateA.id],
      ['widget visitor of A, public channel', f.visitorA.token, f.channelA.id],
      ['widget visitor of A, private channel', f.visitorA.token, f.privateA.id],
    ];
    for (const [who, token, channelId] of refused) {
      const s = await connect(url, { token });
      const ack: unknown = await s.emitWithAck('channel:join', {
        workspaceId: f.a.id,
        conversationId: channelId,
      });
      expect(ack, who).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Channel not found' } });
    }
    // Positive control: members may follow their channels, and public ones.
    const member = await connect(url, { token: f.memberA.token });
    expect(
      await member.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.privateA.id }),
    ).toMatchObject({
      ok: true,
      data: { access: 'member' },
    });
    expect(
      await member.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.channelA.id }),
    ).toMatchObject({
      ok: true,
      data: { access: 'viewer' },
    });
  },
  typing: async (f, url) => {
    const typist = await connect(url, { token: f.memberA.token });
    const insider = await connect(url, { token: f.ownerA.token });
    const outsider = await connect(url, { token: f.ownerB.token });
    expect(
      await insider.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.privateA.id }),
    ).toMatchObject({ ok: true });
    // Outsiders can neither follow nor type into A's channel.
    expect(
      await outsider.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.privateA.id }),
    ).toMatchObject({ ok: false });
    for (const token of [f.ownerB.token, f.visitorA.token, f.visitorB.token]) {
      const s = await connect(url, { token });
      expect(
        await s.emitWithAck('typing', { workspaceId: f.a.id, conversationId: f.privateA.id }),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
    const inside = collect(insider, 'typing', 600);
    const outside = collect(outsider, 'typing', 600);
    expect(
      await typist.emitWithAck('typing', { workspaceId: f.a.id, conversationId: f.privateA.id }),
    ).toMatchObject({ ok: true });
    expect((await inside).map((p) => p.userId)).toEqual([f.memberA.userId]);
    expect(await outside).toEqual([]);
  },
  'message:send': async (f, url) => {
    const insider = await connect(url, { token: f.ownerA.token });
    const outsider = await connect(url, { token: f.ownerB.token });
    await insider.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.privateA.id });
    const refused: [string, string, string, string][] = [
      ['owner of B', f.ownerB.token, f.privateA.id, 'NOT_FOUND'],
      ['removed member of A', f.removedA.token, f.privateA.id, 'NOT_FOUND'],
      ['guest of A, public channel', f.guestA.token, f.channelA.id, 'NOT_FOUND'],
      ['member of A not in the private channel', f.adminA.token, f.privateA.id, 'NOT_FOUND'],
      ['widget visitor of A', f.visitorA.token, f.privateA.id, 'NOT_FOUND'],
      ['widget visitor of B', f.visitorB.token, f.privateA.id, 'NOT_FOUND'],
    ];
    for (const [who, token, conversationId, code] of refused) {
      const s = await connect(url, { token });
      const ack: unknown = await s.emitWithAck('message:send', {
        workspaceId: f.a.id,
        conversationId,
        clientMsgId: `matrix-${who.replace(/\W+/g, '-')}`,
        body: `from ${who}`,
      });
      expect(ack, who).toMatchObject({ ok: false, error: { code } });
    }
    // Positive control: a member of the private channel sends; only A's follower receives it.
    const member = await connect(url, { token: f.memberA.token });
    const inside = collect(insider, 'message:new', 800);
    const outside = collect(outsider, 'message:new', 800);
    expect(
      await member.emitWithAck('message:send', {
        workspaceId: f.a.id,
        conversationId: f.privateA.id,
        clientMsgId: 'matrix-member-a',
        body: 'inside only',
      }),
    ).toMatchObject({ ok: true, data: { duplicate: false, message: { body: 'inside only' } } });
    expect((await inside).map((m) => m.body)).toEqual(['inside only']);
    expect(await outside).toEqual([]);
  },
  sync: async (f, url) => {
    const cursor = { conversationId: f.privateA.id, lastSeq: 0, lastRev: 0 };
    for (const [who, token] of [
      ['owner of B', f.ownerB.token],
      ['removed member of A', f.removedA.token],
      ['widget visitor of B', f.visitorB.token],
    ] as const) {
      const s = await connect(url, { token });
      const ack: unknown = await s.emitWithAck('sync', { workspaceId: f.a.id, conversations: [cursor] });
      expect(ack, who).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // Members of A outside the private channel learn only that it is gone for them: no messages.
    for (const [who, token] of [
      ['guest of A', f.guestA.token],
      ['member of A not in the private channel', f.adminA.token],
      ['widget visitor of A', f.visitorA.token],
    ] as const) {
      const s = await connect(url, { token });
      const ack: unknown = await s.emitWithAck('sync', { workspaceId: f.a.id, conversations: [cursor] });
      expect(ack, who).toEqual({
        ok: true,
        data: {
          conversations: [
            {
              conversationId: f.privateA.id,
              messages: [],
              changes: [],
              lastSeq: 0,
              lastRev: 0,
              hasMore: false,
              gone: true,
            },
          ],
        },
      });
    }
    const member = await connect(url, { token: f.memberA.token });
    const ack: unknown = await member.emitWithAck('sync', { workspaceId: f.a.id, conversations: [cursor] });
    expect(ack).toMatchObject({
      ok: true,
      data: { conversations: [{ conversationId: f.privateA.id, gone: false }] },
    });
    expect(JSON.stringify(ack)).toContain('fixture message');
  },
  'read:mark': async (f, url) => {
    const insider = await connect(url, { token: f.ownerA.token });
    const outsider = await connect(url, { token: f.ownerB.token });
    await insider.emitWithAck('channel:join', { workspaceId: f.a.id, conversationId: f.privateA.id });
    const outside = collect(outsider, 'read', 800);
    for (const [who, token] of [
      ['owner of B', f.ownerB.token],
      ['removed member of A', f.removedA.token],
      ['guest of A', f.guestA.token],
      ['member of A not in the private channel', f.adminA.token],
      ['widget visitor of A', f.visitorA.token],
      ['widget visitor of B', f.visitorB.token],
    ] as const) {
      const s = await connect(url, { token });
      const ack: unknown = await s.emitWithAck('read:mark', {
        workspaceId: f.a.id,
        conversationId: f.privateA.id,
        seq: 1,
      });
      expect(ack, who).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const seen = collect(insider, 'read', 800);
    const member = await connect(url, { token: f.memberA.token });
    expect(
      await member.emitWithAck('read:mark', { workspaceId: f.a.id, conversationId: f.privateA.id, seq: 0 }),
    ).toMatchObject({ ok: true, data: { conversationId: f.privateA.id } });
    expect((await seen).map((r) => r.userId)).toContain(f.memberA.userId);
    expect(await outside).toEqual([]);
  },
  'channel:leave': async (f, url) => {
    // Leaving always succeeds (it must work after access is gone) and tells nothing beyond the input.
    const s = await connect(url, { token: f.ownerB.token });
    expect(
      await s.emitWithAck('channel:leave', { workspaceId: f.a.id, conversationId: f.privateA.id }),
    ).toEqual({
      ok: true,
      data: { conversationId: f.privateA.id },
    });
  },
};

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture('sock');
});
const app = useTestServer();

describe('isolation matrix (socket events)', () => {
  it('has a case for every client event', () => {
    expect(Object.keys(socketCases).sort()).toEqual([...clientEventNames].sort());
  });

  it('refuses anonymous and forged connections outright', async () => {
    await expect(connect(app.url)).rejects.toThrow('UNAUTHORIZED');
    await expect(connect(app.url, { token: `${f.ownerA.token}x` })).rejects.toThrow('UNAUTHORIZED');
  });

  for (const name of clientEventNames) {
    it(`keeps ${name} inside its workspace`, async () => {
      await socketCases[name](f, app.url);
    });
  }
});
