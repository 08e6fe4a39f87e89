import { describe, expect, it } from 'vitest';
import { TYPING_THROTTLE_MS } from '../domain/typing/service';
import { conversation, widgetOn, widgetVisitor, workspaceWith } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { collect, connect, joinConversation, type Client } from '../../test/sockets';

const app = useTestServer();

let n = 0;
const cid = () => `demote-${Date.now()}-${++n}`;

/**
 * A staff member whose socket follows a public channel (as a viewer), a record conversation (as
 * its member) and a widget visitor's conversation (as a viewer), in a workspace where people send,
 * type and read in all three.
 */
async function stage() {
  const ws = await workspaceWith(
    { moderator: ['Demote staff'] },
    { name: 'Demotions', owner: 'Demote owner' },
  );
  const { owner, id: workspaceId } = ws;
  const [staff] = ws.moderator;
  const api = owner.api;
  const pub = await conversation(ws, { kind: 'channel', name: 'announcements' });
  const invoice = { kind: 'subject', subject: { type: 'invoice', id: 'INV-7' } } as const;
  const record = await conversation(ws, { ...invoice, by: staff });
  await conversation(ws, invoice);
  // A widget visitor opens its own conversation.
  const secret = await widgetOn(ws);
  const visitor = await widgetVisitor(ws, { secret, claims: { sub: 'cust-9', name: 'Vera Visitor' } });
  const visitorApi = visitor.api;
  const visit = await visitorApi.widget.open({ workspaceId });

  const watcher = await connect(app.url, { token: staff.token });
  for (const id of [pub.id, record.id, visit.id])
    await joinConversation(watcher, { workspaceId, conversationId: id });
  const ownerSocket = await connect(app.url, { token: owner.token });
  return { workspaceId, api, visitorApi, watcher, ownerSocket, pub, record, visit, staff };
}

type Stage = Awaited<ReturnType<typeof stage>>;
let lastTyping = 0;

/** What the watcher hears of new messages, typing and read marks in each of the three. */
async function heard(s: Stage): Promise<string[]> {
  const got = new Set<string>();
  const name = (id: string) => (id === s.pub.id ? 'public' : id === s.record.id ? 'record' : 'visitor');
  const listeners = {
    'message:new': (p: { conversationId: string }) => got.add(`message ${name(p.conversationId)}`),
    typing: (p: { conversationId: string }) => got.add(`typing ${name(p.conversationId)}`),
    read: (p: { conversationId: string }) => got.add(`read ${name(p.conversationId)}`),
  };
  for (const [e, l] of Object.entries(listeners)) s.watcher.on(e as 'typing', l);
  const sent = [
    s.api.message.send({
      workspaceId: s.workspaceId,
      conversationId: s.pub.id,
      clientMsgId: cid(),
      body: `news ${cid()}`,
    }),
    s.api.message.send({
      workspaceId: s.workspaceId,
      conversationId: s.record.id,
      clientMsgId: cid(),
      body: `invoice ${cid()}`,
    }),
    s.visitorApi.message.send({
      workspaceId: s.workspaceId,
      conversationId: s.visit.id,
      clientMsgId: cid(),
      body: `hello? ${cid()}`,
    }),
  ];
  const [first] = await Promise.all(sent);
  await s.ownerSocket.emitWithAck('channel:join', { workspaceId: s.workspaceId, conversationId: s.pub.id });
  // One typing broadcast per person and conversation per 2 s (the throttle): wait out the last one,
  // counted from its ack (the server stamped it no later than that).
  await new Promise((r) => setTimeout(r, Math.max(0, lastTyping + TYPING_THROTTLE_MS + 50 - Date.now())));
  await s.ownerSocket.emitWithAck('typing', { workspaceId: s.workspaceId, conversationId: s.pub.id });
  lastTyping = Date.now();
  await s.api.read.mark({ workspaceId: s.workspaceId, conversationId: s.pub.id, seq: first!.message.seq });
  await collect(s.watcher, 'message:new', 500);
  for (const [e, l] of Object.entries(listeners)) s.watcher.off(e as 'typing', l);
  return [...got].sort();
}

const demote = (s: Stage, role: 'member' | 'guest') =>
  s.api.member.changeRole({ workspaceId: s.workspaceId, userId: s.staff.userId, role });

const joinAgain = async (c: Client, workspaceId: string, channelId: string) =>
  (
    (await c.emitWithAck('channel:join', { workspaceId, conversationId: channelId })) as {
      ok: boolean;
      error?: { code: string };
    }
  ).error?.code ?? 'ok';

describe('a member whose role changes while connected', () => {
  it('keeps exactly the live events the new role may read, on every room, at once', async () => {
    const s = await stage();
    const all = ['message public', 'message record', 'message visitor', 'read public', 'typing public'];
    expect(await heard(s)).toEqual(all);

    // Moderator to member: a member still reads all three.
    await demote(s, 'member');
    expect(await heard(s)).toEqual(all);

    // Member to guest: a guest reads only the conversations it is in (the record one).
    await demote(s, 'guest');
    expect(await heard(s)).toEqual(['message record']);
    expect(await joinAgain(s.watcher, s.workspaceId, s.pub.id)).toBe('NOT_FOUND');
    expect(await joinAgain(s.watcher, s.workspaceId, s.visit.id)).toBe('NOT_FOUND');
    expect(await joinAgain(s.watcher, s.workspaceId, s.record.id)).toBe('ok');
  });
});
