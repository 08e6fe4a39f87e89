import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { RateLimits } from '../lib/rate-limit';
import { useTestServer } from '../../test/server';
import type { TestUser } from '../../test/actors';
import { handle } from './handle';
import { publish, setRateLimits, testRuntime } from '../../test/runtime';
import { workspaceWith } from '../../test/factories';
import { collect, connect, nextEvent, signUp, type Client } from '../../test/sockets';
import { clientEventNames, type Ack } from './types';

const app = useTestServer();
let tester: TestUser;
beforeAll(async () => {
  tester = await signUp('Tester');
  // Extra events for one user only, to drive the wrapper's error paths through a real socket.
  app.realtime.io.on('connection', (s) => {
    if (s.data.actor.userId !== tester.userId) return;
    const handler = (kind: string) => () => {
      if (kind === 'forbidden') throw new AppError('FORBIDDEN', 'Not yours');
      throw new Error('connection to 10.0.0.5 refused (password=hunter2)');
    };
    handle(testRuntime(), s, { draining: false, add: () => undefined }, 'test:forbidden' as 'presence:set', {
      schema: z.unknown(),
      handler: handler('forbidden'),
    });
    handle(testRuntime(), s, { draining: false, add: () => undefined }, 'test:boom' as 'presence:set', {
      schema: z.unknown(),
      handler: handler('boom'),
    });
  });
});
afterEach(() => setRateLimits(undefined));

type Emit = (event: string, ...args: unknown[]) => Promise<Ack<unknown>>;
const ask = (c: Client, event: string, ...args: unknown[]) =>
  (c.timeout(3000).emitWithAck as unknown as Emit)(event, ...args);

describe('socket event wrapper', () => {
  it('answers malformed payloads with VALIDATION and field errors, and the socket lives on', async () => {
    const u = await signUp('Val');
    const c = await connect(app.url, { token: u.token });
    const bad: [unknown, string][] = [
      [{ status: 'busy' }, 'status'],
      [{ status: 'away', text: 'x'.repeat(101) }, 'text'],
      [{ status: 'away', text: 'bell\u0007' }, 'text'],
      [{ status: 'away', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ status: 'away', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
      [{ status: 'away', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }, 'expiresAt'],
    ];
    for (const [payload, field] of bad) {
      const r = await ask(c, 'presence:set', payload);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('VALIDATION');
      expect(Object.keys(r.error.fieldErrors ?? {})).toEqual([field]);
    }
    const protoKey: unknown = JSON.parse('{"__proto__":{"status":"online"}}');
    for (const payload of ['online', null, 42, [1, 2], protoKey]) {
      const r = await ask(c, 'presence:set', payload);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await ask(c, 'presence:set')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await ask(c, 'presence:set', { status: 'away' })).toEqual({
      ok: true,
      data: { userId: u.userId, status: 'away', text: null },
    });
    expect(c.connected).toBe(true);
  });

  it('works without an ack callback, for good and bad payloads alike', async () => {
    const {
      owner: a,
      member: [b],
    } = await workspaceWith({ member: ['NoAckB'] }, { name: 'NoAck', owner: 'NoAckA' });
    const ac = await connect(app.url, { token: a.token });
    const bc = await connect(app.url, { token: b.token });
    const seen = nextEvent(bc, 'presence', 3000, (p) => p.userId === a.userId && p.status === 'dnd');
    ac.emit('presence:set', { status: 'nope' } as never);
    ac.emit('presence:set', { status: 'dnd', text: 'focus' });
    expect((await seen).payload).toEqual({ userId: a.userId, status: 'dnd', text: 'focus' });
    expect(ac.connected).toBe(true);
  });

  it('maps AppError codes into the ack, and hides unknown errors behind INTERNAL with a log line', async () => {
    const c = await connect(app.url, { token: tester.token });
    expect(await ask(c, 'test:forbidden', {})).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Not yours' },
    });
    const logged = vi.spyOn(logger, 'error');
    const r = await ask(c, 'test:boom', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'test:boom', userId: tester.userId }),
      'socket event failed',
    );
    logged.mockRestore();
    expect(c.connected).toBe(true);
  });

  it('answers an unknown event with NOT_FOUND', async () => {
    const u = await signUp('Unknown');
    const c = await connect(app.url, { token: u.token });
    expect(await ask(c, 'message:delete-everything', { all: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('rate limits events per user: TOO_MANY_REQUESTS with retryAfterSeconds', async () => {
    const u = await signUp('Flood');
    const other = await signUp('Calm');
    const c = await connect(app.url, { token: u.token });
    const o = await connect(app.url, { token: other.token });
    setRateLimits(
      new RateLimits({
        userPoints: 3,
        workspacePoints: 1000,
        ipPoints: 1000,
        authPoints: 1000,
        // One token a second: the block (7 s) outlasts the wait for one.
        windowSeconds: 3,
        blockSeconds: 7,
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ask(c, 'presence:set', { status: 'online' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } });
    if (refused && !refused.ok)
      expect(refused.error.retryAfterSeconds).toSatisfy((n: number) => n >= 1 && n <= 7);
    // Bad payloads cost a point too, and another user is unaffected.
    expect(await ask(c, 'presence:set', 'junk')).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    expect(await ask(o, 'presence:set', { status: 'online' })).toMatchObject({ ok: true });
  });

  it('registers exactly the events listed in clientEventNames', async () => {
    const u = await signUp('Lister');
    const c = await connect(app.url, { token: u.token });
    const s = app.realtime.io.of('/').sockets.get(c.id ?? '');
    const reserved = new Set(['disconnect', 'disconnecting', 'error']);
    const registered = (s?.eventNames() ?? []).map(String).filter((n) => !reserved.has(n));
    expect(registered.sort()).toEqual([...clientEventNames].sort());
  });
});

describe('presence', () => {
  it('is visible only to people who share a workspace', async () => {
    const {
      owner: ann,
      guest: [bob],
    } = await workspaceWith({ guest: ['Bob'] }, { name: 'Shared', owner: 'Ann' });
    const { owner: cid } = await workspaceWith({}, { name: 'Elsewhere', owner: 'Cid' });
    const annC = await connect(app.url, { token: ann.token });
    const bobC = await connect(app.url, { token: bob.token });
    const cidC = await connect(app.url, { token: cid.token });

    const bobSees = nextEvent(bobC, 'presence', 3000, (p) => p.userId === ann.userId && p.status === 'away');
    const cidSees = collect(cidC, 'presence', 800);
    const ack = await ask(annC, 'presence:set', { status: 'away', text: '  lunch  ' });
    expect(ack).toEqual({ ok: true, data: { userId: ann.userId, status: 'away', text: 'lunch' } });
    expect((await bobSees).payload).toEqual({ userId: ann.userId, status: 'away', text: 'lunch' });
    expect((await cidSees).filter((p) => p.userId === ann.userId)).toEqual([]);
  });

  it('is online while any socket is connected and offline when the last one goes', async () => {
    const {
      owner: eve,
      member: [dee],
    } = await workspaceWith({ member: ['Dee'] }, { name: 'Life', owner: 'Eve' });
    const eveC = await connect(app.url, { token: eve.token });
    const got: string[] = [];
    eveC.on('presence', (p) => {
      if (p.userId === dee.userId) got.push(p.status);
    });

    const online = nextEvent(eveC, 'presence', 3000, (p) => p.userId === dee.userId);
    const first = await connect(app.url, { token: dee.token });
    expect((await online).payload).toEqual({ userId: dee.userId, status: 'online', text: null });
    const second = await connect(app.url, { token: dee.token });
    first.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(got).toEqual(['online']); // a second tab and closing one of two change nothing

    const offline = nextEvent(eveC, 'presence', 3000, (p) => p.userId === dee.userId);
    second.close();
    expect((await offline).payload).toEqual({ userId: dee.userId, status: 'offline', text: null });
  });

  it('reverts a status with expiresAt to online when it expires', async () => {
    const {
      owner: fay,
      member: [gus],
    } = await workspaceWith({ member: ['Gus'] }, { name: 'Expiry', owner: 'Fay' });
    const fayC = await connect(app.url, { token: fay.token });
    const gusC = await connect(app.url, { token: gus.token });
    const dnd = nextEvent(gusC, 'presence', 3000, (p) => p.userId === fay.userId && p.status === 'dnd');
    const back = nextEvent(gusC, 'presence', 4000, (p) => p.userId === fay.userId && p.status === 'online');
    const expiresAt = new Date(Date.now() + 1200).toISOString();
    await ask(fayC, 'presence:set', { status: 'dnd', text: 'meeting', expiresAt });
    expect((await dnd).payload.text).toBe('meeting');
    const { payload, at } = await back;
    expect(payload).toEqual({ userId: fay.userId, status: 'online', text: null });
    expect(at).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  });
});

describe('publish()', () => {
  it('sends only allow-listed fields, whatever else the input carries', async () => {
    const leak = await workspaceWith({ member: ['Ivy'] }, { name: 'Leak', owner: 'Hal' });
    const {
      owner: hal,
      member: [ivy],
      id: ws,
    } = leak;
    const ivyC = await connect(app.url, { token: ivy.token });
    const extra = { email: 'hal@example.test', passwordHash: 'scrypt$secret', token: 'tok_secret' };

    const p = nextEvent(ivyC, 'presence', 3000, (x) => x.userId === hal.userId);
    await publish({
      type: 'presence',
      userId: hal.userId,
      status: 'away',
      text: 'hi',
      workspaceIds: [ws],
      ...extra,
    });
    const m = nextEvent(ivyC, 'member:updated');
    await publish({
      type: 'member:updated',
      workspaceId: ws,
      userId: hal.userId,
      role: 'admin',
      reason: 'role_changed',
      ...extra,
    });
    const r = nextEvent(ivyC, 'session:revoked');
    await publish({
      type: 'session:revoked',
      userId: ivy.userId,
      sessionId: null,
      reason: 'revoked',
      ...extra,
    });

    expect(Object.keys((await p).payload).sort()).toEqual(['status', 'text', 'userId']);
    expect(Object.keys((await m).payload).sort()).toEqual(['reason', 'role', 'userId', 'workspaceId']);
    expect((await r).payload).toEqual({ reason: 'revoked' });
  });
});

describe('conversation:new', () => {
  it('tells the people of a new direct conversation, once, and nobody else', async () => {
    const direct = await workspaceWith({ member: ['Bob DM', 'Cid DM'] }, { name: 'Direct', owner: 'Ann DM' });
    const {
      owner: ann,
      member: [bob, cid],
      id: ws,
    } = direct;
    const bobC = await connect(app.url, { token: bob.token });
    const cidC = await connect(app.url, { token: cid.token });
    const bobHears = nextEvent(bobC, 'conversation:new');
    const cidHears = collect(cidC, 'conversation:new', 800);
    const api = ann.api;
    const dm = await api.channel.openDirect({ workspaceId: ws, userIds: [bob.userId] });
    expect((await bobHears).payload).toEqual({ workspaceId: ws, conversationId: dm.id, kind: 'dm' });
    expect(await cidHears).toEqual([]);
    // Opening it again finds the same conversation: nothing new to tell.
    const again = collect(bobC, 'conversation:new', 800);
    expect((await api.channel.openDirect({ workspaceId: ws, userIds: [bob.userId] })).id).toBe(dm.id);
    expect(await again).toEqual([]);
  });
});
