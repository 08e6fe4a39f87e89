import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { workspaceWith } from '../../test/factories';
import { callerFor, collect, connect, joinConversation, nextEvent } from '../../test/sockets';
import { testRuntime } from '../../test/runtime';

const app = useTestServer();

let n = 0;
const cid = () => `sock-${Date.now()}-${++n}`;

async function room() {
  const ws = await workspaceWith(
    { member: ['Sock alice', 'Sock bob'] },
    { name: 'Sockets', owner: 'Sock owner' },
  );
  const { owner, general } = ws;
  const [alice, bob] = ws.member;
  const workspaceId = ws.id;
  const join = async (token: string) => {
    const c = await connect(app.url, { token });
    await joinConversation(c, { workspaceId, conversationId: general.id });
    return c;
  };
  return { owner, alice, bob, workspaceId, api: owner.api, general, join };
}

describe('message events', () => {
  it('acknowledges a send after commit with id and sequence, and broadcasts it to the conversation', async () => {
    const { owner, alice, workspaceId, general, join, api } = await room();
    const sender = await join(owner.token);
    const receiver = await join(alice.token);
    const got = nextEvent(receiver, 'message:new');
    const ack: unknown = await sender.emitWithAck('message:send', {
      workspaceId,
      conversationId: general.id,
      clientMsgId: cid(),
      body: 'hello over the socket',
    });
    expect(ack).toMatchObject({
      ok: true,
      data: { duplicate: false, message: { seq: 1, body: 'hello over the socket' } },
    });
    const stored = await api.message.history({ workspaceId, conversationId: general.id });
    expect(stored.messages.map((m) => m.body)).toEqual(['hello over the socket']);
    expect((await got).payload).toMatchObject({
      workspaceId,
      seq: 1,
      body: 'hello over the socket',
      authorId: owner.userId,
    });
  });

  it('returns the original for a retried client id and broadcasts it once', async () => {
    const { owner, alice, workspaceId, general, join } = await room();
    const sender = await join(owner.token);
    const receiver = await join(alice.token);
    const seen = collect(receiver, 'message:new', 700);
    const input = { workspaceId, conversationId: general.id, clientMsgId: cid(), body: 'only once' };
    const [a, b] = (await Promise.all([
      sender.emitWithAck('message:send', input),
      sender.emitWithAck('message:send', input),
    ])) as [
      { ok: true; data: { message: { id: string }; duplicate: boolean } },
      { ok: true; data: { message: { id: string }; duplicate: boolean } },
    ];
    expect(a.data.message.id).toBe(b.data.message.id);
    expect([a.data.duplicate, b.data.duplicate].sort()).toEqual([false, true]);
    expect((await seen).map((m) => m.body)).toEqual(['only once']);
  });

  it('commits concurrent sends from many sockets in one gap-free sequence', async () => {
    const { owner, alice, bob, workspaceId, general, join, api } = await room();
    const sockets = await Promise.all([owner, alice, bob].map((u) => join(u.token)));
    const acks = (await Promise.all(
      Array.from({ length: 30 }, (_v, i) =>
        sockets[i % 3]!.emitWithAck('message:send', {
          workspaceId,
          conversationId: general.id,
          clientMsgId: cid(),
          body: `burst ${i}`,
        }),
      ),
    )) as { ok: boolean; data: { message: { seq: number } } }[];
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(acks.map((a) => a.data.message.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_v, i) => i + 1),
    );
    const page = await api.message.history({ workspaceId, conversationId: general.id, limit: 100 });
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_v, i) => i + 1));
  });

  it('keeps the arrival order of pipelined sends within a conversation, across batches', async () => {
    const { owner, workspaceId, general, join, api } = await room();
    const other = await api.channel.create({ workspaceId, name: 'pipeline' });
    const s = await join(owner.token);
    const send = (conversationId: string, i: number) =>
      s.emitWithAck('message:send', {
        workspaceId,
        conversationId,
        clientMsgId: cid(),
        body: `p${i}`,
      }) as Promise<{
        ok: boolean;
        data: { message: { seq: number; body: string } };
      }>;
    // Forty sends without waiting, alternating two conversations: several batches run at once.
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_v, i) => send(i % 2 ? other.id : general.id, i)),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const seqs = (parity: number) => acks.filter((_a, i) => i % 2 === parity).map((a) => a.data.message.seq);
    expect(seqs(0)).toEqual(Array.from({ length: 20 }, (_v, i) => i + 1));
    expect(seqs(1)).toEqual(Array.from({ length: 20 }, (_v, i) => i + 1));
  });

  it('answers bad payloads with a typed error and stores nothing', async () => {
    const { owner, workspaceId, general, join, api } = await room();
    const s = await join(owner.token);
    const ack: unknown = await s.emitWithAck('message:send', {
      workspaceId,
      conversationId: general.id,
      clientMsgId: cid(),
      body: 'x'.repeat(17 * 1024),
    });
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fieldErrors: { body: ['At most 16 KB of text'] } },
    });
    // What an untyped client might send: the server treats every payload as unknown.
    const raw = s as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> };
    const bad = await raw.emitWithAck('message:send', {
      workspaceId,
      conversationId: 'nope',
      clientMsgId: 'x',
      body: 1,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await api.message.history({ workspaceId, conversationId: general.id })).messages).toEqual([]);
  });

  it('refuses socket sends to an archived channel, into an archived workspace, and after removal', async () => {
    const { alice, workspaceId, general, join, api } = await room();
    const sender = await join(alice.token);
    const side = await api.channel.create({ workspaceId, name: 'side' });
    await (await callerFor(alice)).channel.join({ workspaceId, channelId: side.id });
    const send = async (conversationId: string) =>
      (await sender.emitWithAck('message:send', {
        workspaceId,
        conversationId,
        clientMsgId: cid(),
        body: `to ${conversationId}`,
      })) as { ok: boolean; error?: { code: string; message: string } };
    await api.channel.archive({ workspaceId, channelId: side.id, archived: true });
    expect(await send(side.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await api.workspace.archive({ workspaceId, archived: true });
    expect(await send(general.id)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This workspace is archived' },
    });
    await api.workspace.archive({ workspaceId, archived: false });
    await api.member.remove({ workspaceId, userId: alice.userId });
    expect(await send(general.id)).toMatchObject({ ok: false });
    // Nothing of it was stored.
    for (const conversationId of [general.id, side.id]) {
      expect((await api.message.history({ workspaceId, conversationId })).messages).toEqual([]);
    }
  });

  it('notifies @here to the people online in the conversation, through the batched socket send', async () => {
    const { owner, alice, bob, workspaceId, general, join } = await room();
    const sender = await join(owner.token);
    const online = await connect(app.url, { token: alice.token });
    const note = nextEvent(online, 'notification');
    expect(
      await sender.emitWithAck('message:send', {
        workspaceId,
        conversationId: general.id,
        clientMsgId: cid(),
        body: 'standup in five @here',
      }),
    ).toMatchObject({ ok: true });
    expect((await note).payload).toMatchObject({ workspaceId, kind: 'mention', seq: 1 });
    const listed = async (u: { token: string }) =>
      (await (await callerFor(u)).notification.list({ workspaceId })).length;
    // Bob has no socket (offline), the sender is never notified of their own message.
    expect([await listed(alice), await listed(bob), await listed(owner)]).toEqual([1, 0, 0]);
  });

  it('broadcasts edits, reactions and deletes, read marks as receipts, and mentions to the person', async () => {
    const { owner, alice, workspaceId, general, join, api } = await room();
    const watcher = await join(owner.token);
    const mentioned = await connect(app.url, { token: alice.token });
    const note = nextEvent(mentioned, 'notification');
    const { message } = await api.message.send({
      workspaceId,
      conversationId: general.id,
      clientMsgId: cid(),
      body: `ping <@${alice.userId}>`,
    });
    expect((await note).payload).toMatchObject({
      workspaceId,
      kind: 'mention',
      messageId: message.id,
      seq: 1,
    });

    const edits = collect(watcher, 'message:updated', 900);
    const reactions = collect(watcher, 'reaction:updated', 900);
    const deletes = collect(watcher, 'message:deleted', 900);
    await api.message.edit({ workspaceId, messageId: message.id, body: 'pong' });
    await (await callerFor(alice)).reaction.toggle({ workspaceId, messageId: message.id, emoji: '👀' });
    await api.message.delete({ workspaceId, messageId: message.id });
    const [edited, reacted, deleted] = await Promise.all([edits, reactions, deletes]);
    expect(edited.map((m) => [m.id, m.body])).toEqual([[message.id, 'pong']]);
    expect(reacted).toMatchObject([
      { messageId: message.id, reactions: [{ emoji: '👀', count: 1, userIds: [alice.userId] }] },
    ]);
    expect(deleted).toMatchObject([{ id: message.id, seq: 1, deletedAt: expect.any(String) as unknown }]);
    // Deleted events carry no text at all.
    expect(JSON.stringify(deleted)).not.toContain('pong');
    const revs = [edited[0]?.rev, reacted[0]?.rev, deleted[0]?.rev];
    expect(revs).toEqual([...revs].sort((a, b) => (a ?? 0) - (b ?? 0)));

    const receipt = nextEvent(watcher, 'read', 3000, (p) => p.userId === alice.userId);
    expect(
      await mentioned.emitWithAck('read:mark', { workspaceId, conversationId: general.id, seq: 1 }),
    ).toMatchObject({
      ok: true,
      data: { lastReadSeq: 1, unread: 0, mentions: 0 },
    });
    expect((await receipt).payload).toMatchObject({ conversationId: general.id, lastReadSeq: 1 });
  });

  it('syncs what a socket missed while it was away, edits included', async () => {
    const { alice, workspaceId, general, join, api } = await room();
    const first = (
      await api.message.send({ workspaceId, conversationId: general.id, clientMsgId: cid(), body: 'before' })
    ).message;
    const away = await join(alice.token);
    away.disconnect();
    await api.message.edit({ workspaceId, messageId: first.id, body: 'before, edited' });
    for (let i = 0; i < 3; i++)
      await api.message.send({
        workspaceId,
        conversationId: general.id,
        clientMsgId: cid(),
        body: `missed ${i}`,
      });
    const back = await join(alice.token);
    const res = (await back.emitWithAck('sync', {
      workspaceId,
      conversations: [{ conversationId: general.id, lastSeq: first.seq, lastRev: first.rev }],
    })) as {
      ok: true;
      data: {
        conversations: { messages: { body: string }[]; changes: { body: string }[]; hasMore: boolean }[];
      };
    };
    expect(res.ok).toBe(true);
    const c = res.data.conversations[0]!;
    expect(c.changes.map((m) => m.body)).toEqual(['before, edited']);
    expect(c.messages.map((m) => m.body)).toEqual(['missed 0', 'missed 1', 'missed 2']);
    expect(c.hasMore).toBe(false);
  });

  it('gates a send before loading, encrypting or queueing anything for the named workspace', async () => {
    const { workspaceId, general } = await room();
    const { owner: stranger } = await workspaceWith({}, { name: 'Stranger home', owner: 'Sock stranger' });
    const c = await connect(app.url, { token: stranger.token });
    // The owner's own calls read its settings (the gate reads the rate-limit tier): start from none.
    testRuntime().settings.forget(workspaceId);
    const held = testRuntime().batcher.workspacesHeld();
    const targets = [workspaceId, ...Array.from({ length: 200 }, () => crypto.randomUUID())];
    const acks = await Promise.all(
      targets.map((ws) =>
        c.emitWithAck('message:send', {
          workspaceId: ws,
          conversationId: general.id,
          clientMsgId: cid(),
          body: 'not for you',
        }),
      ),
    );
    const codes = acks.map((a) => (a as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok');
    expect(new Set(codes)).toEqual(new Set(['NOT_FOUND']));
    // Nothing of the other workspace was loaded (its key, its settings) and nothing was queued.
    expect(testRuntime().keys.ring.cachedCurrent(workspaceId)).toBeUndefined();
    expect(testRuntime().settings.cached(workspaceId)).toBeUndefined();
    expect(testRuntime().batcher.workspacesHeld()).toBe(held);
  });
});
