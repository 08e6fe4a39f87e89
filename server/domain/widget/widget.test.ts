import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../http/csp';
import { rooms } from '../../realtime/rooms';
import { connect, nextDisconnect, nextEvent } from '../../../test/sockets';
import { callerFor } from '../../../test/actors';
import { useTestServer } from '../../../test/server';
import { frameAncestors } from './frame';
import {
  APP,
  HOST,
  asVisitor,
  claims,
  exchange,
  now,
  refusedWith,
  widgetWorkspace,
} from '../../../test/widget';
import { superQuery } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { signIdentity } from './token';
import { testRuntime } from '../../../test/runtime';

const app = useTestServer();

describe('widget session exchange', () => {
  it('turns a signed identity into one visitor of that workspace, kept across visits and renamed by the host', async () => {
    const { api, ws, secret } = await widgetWorkspace('Shop one');
    const first = await exchange(ws.slug, signIdentity(secret, claims()));
    expect(first.workspaceId).toBe(ws.id);
    expect(first.visitor).toMatchObject({ name: 'Carla Customer', anonymous: false });
    expect(first.token).toMatch(/^ev_/);
    const again = await exchange(ws.id, signIdentity(secret, claims({ name: 'Carla C.' })), HOST);
    expect(again.visitor.userId).toBe(first.visitor.userId);
    expect(await (await asVisitor(again.token)).widget.me({ workspaceId: ws.id })).toMatchObject({
      userId: first.visitor.userId,
      name: 'Carla C.',
      anonymous: false,
    });
    const members = await api.member.list({ workspaceId: ws.id, includeVisitors: true });
    expect(members.find((m) => m.userId === first.visitor.userId)).toMatchObject({
      role: 'guest',
      visitor: true,
      email: 'carla@shop.example',
    });
    // A visitor stays a guest: no role can be given to it.
    await refusedWith(
      api.member.changeRole({ workspaceId: ws.id, userId: first.visitor.userId, role: 'member' }),
      'FORBIDDEN',
    );
    // The secret is stored encrypted.
    const [row] = await superQuery<{ secret: Buffer }>(
      'SELECT secret FROM widget_secret WHERE workspace_id = $1',
      [ws.id],
    );
    expect(row?.secret.toString('latin1')).not.toContain(secret.slice(4, 20));
  });

  it('refuses forged, expired and missing identities and foreign origins, writing nothing', async () => {
    const { ws, secret } = await widgetWorkspace('Shop two');
    const counts = () =>
      superQuery<{ u: string; v: string; s: string }>(
        `SELECT (SELECT count(*) FROM "user")::text AS u,
                (SELECT count(*) FROM widget_visitor WHERE workspace_id = $1)::text AS v,
                (SELECT count(*) FROM widget_session WHERE workspace_id = $1)::text AS s`,
        [ws.id],
      );
    const before = await counts();
    await refusedWith(exchange(ws.slug, signIdentity('wsk_forged', claims())), 'UNAUTHORIZED', /signature/);
    await refusedWith(
      exchange(ws.slug, signIdentity(secret, claims({ exp: now() - 5 }))),
      'UNAUTHORIZED',
      /expired/,
    );
    await refusedWith(exchange(ws.slug, 'not-a-token'), 'UNAUTHORIZED', /malformed/);
    await refusedWith(exchange(ws.slug, null), 'UNAUTHORIZED', /anonymous/);
    const good = signIdentity(secret, claims());
    await refusedWith(exchange(ws.slug, good, 'https://evil.example'), 'FORBIDDEN', /evil\.example/);
    await refusedWith(
      exchange(ws.slug, good, APP, 'https://evil.example'),
      'FORBIDDEN',
      /not allowed to embed/,
    );
    await refusedWith(exchange('no-such-workspace', good), 'NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('serves config and sessions only while the widget is on; anonymous visitors only when allowed', async () => {
    const { api, ws } = await widgetWorkspace('Shop three', { anonymous: true });
    const anon = await callerFor(null);
    expect(await anon.widget.config({ workspace: ws.slug })).toMatchObject({
      workspaceId: ws.id,
      anonymous: true,
      allowedOrigins: [HOST],
    });
    const a = await exchange(ws.slug, null);
    expect(a.visitor.anonymous).toBe(true);
    expect(a.visitor.name).toMatch(/^Visitor /);
    // Turning anonymous chat off ends anonymous sessions at once.
    await api.widget.update({ workspaceId: ws.id, anonymous: false });
    await refusedWith((await asVisitor(a.token)).widget.me({ workspaceId: ws.id }), 'UNAUTHORIZED');
    await api.widget.update({ workspaceId: ws.id, enabled: false });
    await refusedWith(anon.widget.config({ workspace: ws.slug }), 'NOT_FOUND');
    await refusedWith(exchange(ws.slug, null), 'NOT_FOUND');
    // A workspace that never turned it on looks the same as one that does not exist.
    const other = await workspaceWith({}, { name: 'No widget', owner: 'No widget' });
    await refusedWith(anon.widget.config({ workspace: other.slug }), 'NOT_FOUND');
  });
});

describe('what a visitor reaches', () => {
  let shop: Awaited<ReturnType<typeof widgetWorkspace>>;
  let visitor: { token: string; userId: string };
  beforeAll(async () => {
    shop = await widgetWorkspace('Shop four');
    const s = await exchange(
      shop.ws.slug,
      signIdentity(shop.secret, claims({ sub: 'cust-4', subjects: [{ type: 'invoice', id: '42' }] })),
    );
    visitor = { token: s.token, userId: s.visitor.userId };
  });

  it('chats with staff in its own conversation and the records its identity lists, and nothing else', async () => {
    const { api, ws, owner } = shop;
    const v = await asVisitor(visitor.token);
    const own = await v.widget.open({ workspaceId: ws.id });
    expect(own.subject).toEqual({ type: 'visitor', id: visitor.userId });
    expect((await v.widget.open({ workspaceId: ws.id })).id).toBe(own.id);
    await v.message.send({
      workspaceId: ws.id,
      conversationId: own.id,
      clientMsgId: 'visitor-hello-1',
      body: 'Hello?',
    });

    // Staff find it as a record conversation of type visitor, join it by opening it, and answer.
    const listed = await api.channel.listBySubject({ workspaceId: ws.id, type: 'visitor' });
    expect(listed.map((c) => [c.id, c.awaitingReply])).toEqual([[own.id, true]]);
    await api.channel.getOrCreateBySubject({ workspaceId: ws.id, subject: own.subject });
    await api.message.send({
      workspaceId: ws.id,
      conversationId: own.id,
      clientMsgId: 'owner-hi-0001',
      body: 'Hi Carla',
    });
    const answered = await api.channel.listBySubject({ workspaceId: ws.id, type: 'visitor' });
    expect(answered.map((c) => [c.id, c.awaitingReply])).toEqual([[own.id, false]]);
    const page = await v.message.history({ workspaceId: ws.id, conversationId: own.id });
    expect(page.messages.map((m) => m.body)).toEqual(['Hello?', 'Hi Carla']);
    // Staff edit their reply: the visitor reads the new text, never what was edited out.
    const reply = page.messages[1]!;
    await api.message.edit({ workspaceId: ws.id, messageId: reply.id, body: 'Hi Carla!' });
    expect((await api.message.editHistory({ workspaceId: ws.id, messageId: reply.id })).length).toBe(1);
    await refusedWith(v.message.editHistory({ workspaceId: ws.id, messageId: reply.id }), 'FORBIDDEN');
    expect((await v.widget.conversations({ workspaceId: ws.id }))[0]).toMatchObject({
      id: own.id,
      unread: 1,
    });
    expect((await v.widget.people({ workspaceId: ws.id })).map((p) => p.userId).sort()).toEqual(
      [owner.userId, visitor.userId].sort(),
    );

    const invoice = await v.widget.open({ workspaceId: ws.id, subject: { type: 'invoice', id: '42' } });
    expect(invoice.subject).toEqual({ type: 'invoice', id: '42' });
    await refusedWith(
      v.widget.open({ workspaceId: ws.id, subject: { type: 'invoice', id: '43' } }),
      'FORBIDDEN',
    );
    // Someone else's visitor conversation is a record it was not given.
    await refusedWith(
      v.widget.open({ workspaceId: ws.id, subject: { type: 'visitor', id: owner.userId } }),
      'FORBIDDEN',
    );

    // The rest of the workspace is closed to it.
    const general = (await api.channel.list({ workspaceId: ws.id }))[0]!;
    await refusedWith(v.member.list({ workspaceId: ws.id }), 'FORBIDDEN');
    await refusedWith(v.channel.list({ workspaceId: ws.id }), 'FORBIDDEN');
    await refusedWith(v.search.messages({ workspaceId: ws.id, query: 'hello' }), 'FORBIDDEN');
    await refusedWith(v.message.history({ workspaceId: ws.id, conversationId: general.id }), 'NOT_FOUND');
    await refusedWith(v.workspace.listMine(), 'UNAUTHORIZED');
    // Members are not visitors.
    await refusedWith(api.widget.me({ workspaceId: ws.id }), 'FORBIDDEN');
    // Its session names one workspace.
    const elsewhere = await widgetWorkspace('Shop five');
    await refusedWith(v.widget.me({ workspaceId: elsewhere.ws.id }), 'NOT_FOUND');
  });

  it('hears its own conversations over Socket.IO but joins no workspace room, and is cut off when the secret rotates', async () => {
    const { api, ws } = shop;
    const v = await asVisitor(visitor.token);
    const own = await v.widget.open({ workspaceId: ws.id });
    const socket = await connect(app.url, { token: visitor.token, origin: APP });
    const joined: unknown = await socket.emitWithAck('channel:join', {
      workspaceId: ws.id,
      conversationId: own.id,
    });
    expect(joined).toMatchObject({ ok: true });
    const general = (await api.channel.list({ workspaceId: ws.id }))[0]!;
    const refused: unknown = await socket.emitWithAck('channel:join', {
      workspaceId: ws.id,
      conversationId: general.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const server = (await app.realtime.io.fetchSockets()).find((s) => s.data.actor.userId === visitor.userId);
    expect(server?.rooms.has(rooms.workspace(ws.id))).toBe(false);
    expect(server?.rooms.has(rooms.conversation(ws.id, own.id))).toBe(true);

    const arrives = nextEvent(socket, 'message:new', 3000, (p) => p.body === 'Over the socket');
    await api.message.send({
      workspaceId: ws.id,
      conversationId: own.id,
      clientMsgId: 'owner-socket-01',
      body: 'Over the socket',
    });
    expect((await arrives).payload.conversationId).toBe(own.id);

    const cut = nextDisconnect(socket);
    await api.widget.rotateSecret({ workspaceId: ws.id });
    await cut;
    // A caller resolves its credentials once: a fresh one presents the token again.
    await refusedWith((await asVisitor(visitor.token)).widget.me({ workspaceId: ws.id }), 'UNAUTHORIZED');
  });
});

describe('framing', () => {
  it('lets only the allowed host origins frame the widget, and nobody once it is off', async () => {
    const { api, ws } = await widgetWorkspace('Shop six');
    expect(await frameAncestors(testRuntime(), ws.slug)).toEqual([HOST]);
    expect(contentSecurityPolicy(false, [HOST])).toContain(`frame-ancestors ${HOST}`);
    await api.widget.update({ workspaceId: ws.id, allowedOrigins: [HOST, 'http://localhost:4000'] });
    expect(await frameAncestors(testRuntime(), ws.slug)).toEqual([HOST, 'http://localhost:4000']);
    await api.widget.update({ workspaceId: ws.id, enabled: false });
    expect(await frameAncestors(testRuntime(), ws.slug)).toEqual([]);
    // Turned on again, it is framable at once (the cached "off" is forgotten too).
    await api.widget.update({ workspaceId: ws.id, enabled: true });
    expect(await frameAncestors(testRuntime(), ws.slug)).toEqual([HOST, 'http://localhost:4000']);
    await api.widget.update({ workspaceId: ws.id, enabled: false });
    expect(contentSecurityPolicy(false, [])).toContain("frame-ancestors 'none'");
    expect(await frameAncestors(testRuntime(), 'no-such-workspace')).toEqual([]);
  });

  it('refuses origins that are not bare origins', async () => {
    const { api, ws } = await widgetWorkspace('Shop seven');
    for (const bad of [
      'https://shop.example/path',
      'javascript:alert(1)',
      'shop.example',
      "https://a.example 'unsafe-inline'",
    ])
      await refusedWith(api.widget.update({ workspaceId: ws.id, allowedOrigins: [bad] }), 'BAD_REQUEST');
    expect((await api.widget.settings({ workspaceId: ws.id })).allowedOrigins).toEqual([HOST]);
  });
});
