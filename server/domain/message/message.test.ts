import { describe, expect, it } from 'vitest';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { AppError } from '../../lib/errors';
import { workspaceWith, type Caller } from '../../../test/factories';
import { sendBatch } from '../send/send';
import { testRuntime } from '../../../test/runtime';
import { asSuperuser } from '../../../test/db';

let n = 0;
const cid = () => `client-${Date.now()}-${++n}`;

describe('sending and history', () => {
  it('stores messages with gap-free sequences and pages them before, after and around', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const sent = [];
    for (let i = 1; i <= 7; i++) {
      sent.push(
        await api.message.send({
          workspaceId: ws.id,
          conversationId: general.id,
          clientMsgId: cid(),
          body: `m${i}`,
        }),
      );
    }
    expect(sent.map((s) => s.message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const base = { workspaceId: ws.id, conversationId: general.id };
    const latest = await api.message.history({ ...base, limit: 3 });
    expect(latest.messages.map((m) => m.body)).toEqual(['m5', 'm6', 'm7']);
    expect(latest).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
    const older = await api.message.history({ ...base, before: 5, limit: 3 });
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const newer = await api.message.history({ ...base, after: 5, limit: 10 });
    expect(newer.messages.map((m) => m.seq)).toEqual([6, 7]);
    expect(newer.hasMoreAfter).toBe(false);
    const around = await api.message.history({ ...base, around: sent[3]!.message.id, limit: 4 });
    expect(around.messages.map((m) => m.seq)).toEqual([2, 3, 4, 5]);
    await expect(api.message.history({ ...base, limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('returns the original for a retried client id instead of storing a duplicate', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const input = { workspaceId: ws.id, conversationId: general.id, clientMsgId: cid(), body: 'once' };
    const first = await api.message.send(input);
    const again = await api.message.send(input);
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id, seq: 1 } });
    const page = await api.message.history({ workspaceId: ws.id, conversationId: general.id });
    expect(page.messages).toHaveLength(1);
  });

  it('refuses bodies over 16 KB, empty bodies and NUL, and stores nothing', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const base = { workspaceId: ws.id, conversationId: general.id };
    await expect(
      api.message.send({ ...base, clientMsgId: cid(), body: 'é'.repeat(8193) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('16 KB') as unknown,
    });
    await expect(api.message.send({ ...base, clientMsgId: cid(), body: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api.message.send({ ...base, clientMsgId: cid(), body: 'a\u0000b' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const ok = await api.message.send({ ...base, clientMsgId: cid(), body: 'x'.repeat(16 * 1024) });
    expect(ok.message.seq).toBe(1);
  });

  it('lets a second "ok" through and refuses what looks like flooding within the duplicate window', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general, member: people } = ws;
    const base = { workspaceId: ws.id, conversationId: general.id };
    const say = (body: string, who = api) => who.message.send({ ...base, clientMsgId: cid(), body });
    // A short text twice is conversation; a third time within the window is refused.
    await say('ok');
    await say('ok');
    await expect(say('ok')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('wait') as unknown,
    });
    // A long text is refused on its first repeat.
    const long = `Buy now! ${'Limited offer, click the link. '.repeat(8)}`;
    await say(long);
    await expect(say(long)).rejects.toMatchObject({ code: 'CONFLICT' });
    // Someone else may say the same thing.
    await say(long, people[0].api);
    // Configurable: one copy only, then the window off.
    await api.workspace.update({ workspaceId: ws.id, settings: { duplicateRepeats: 1 } });
    await say('thanks');
    await expect(say('thanks')).rejects.toMatchObject({ code: 'CONFLICT' });
    await api.workspace.update({ workspaceId: ws.id, settings: { duplicateWindowSeconds: 0 } });
    await say(long);
    const page = await api.message.history(base);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps guests and non-members out, and archived conversations read-only', async () => {
    const ws = await workspaceWith({ member: 1, guest: 1 });
    const { api, general } = ws;
    const [[member], [guest]] = [ws.member, ws.guest];
    const secret = await api.channel.create({ workspaceId: ws.id, name: 'secret', isPrivate: true });
    const open = await api.channel.create({ workspaceId: ws.id, name: 'open' });
    const send = (c: Caller, conversationId: string) =>
      c.message.send({ workspaceId: ws.id, conversationId, clientMsgId: cid(), body: 'hi' });
    await expect(send(guest.api, general.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(send(member.api, secret.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(send(member.api, open.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await send(api, open.id);
    // Non-members read public channels; guests do not.
    expect(
      (await member.api.message.history({ workspaceId: ws.id, conversationId: open.id })).messages,
    ).toHaveLength(1);
    await expect(
      guest.api.message.history({ workspaceId: ws.id, conversationId: open.id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The gate reads the conversation with the membership: a private channel the caller is not in
    // and one that does not exist give the same NOT_FOUND.
    for (const conversationId of [secret.id, crypto.randomUUID()]) {
      await expect(member.api.message.history({ workspaceId: ws.id, conversationId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await api.channel.archive({ workspaceId: ws.id, channelId: open.id, archived: true });
    await expect(send(api, open.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('client ids', () => {
  it('refuses one client id for two conversations, in one batch or in two racing ones', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { owner, api, general } = ws;
    const other = await api.channel.create({ workspaceId: ws.id, name: 'other' });
    const wsId = mintWorkspaceId(ws.id);
    const read = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
      withTenant(testRuntime().db.app, { workspaceId: wsId, userId: null }, fn);
    const item = (conversationId: string, clientMsgId: string) => ({
      userId: owner.userId,
      conversationId,
      clientMsgId,
      body: `for ${conversationId} ${clientMsgId}`,
    });
    // One batch: the second use of the id is not a retry of the first (another conversation).
    const one = cid();
    const { results } = await sendBatch(testRuntime(), testRuntime().db.app, read, wsId, [
      item(general.id, one),
      item(other.id, one),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'CONFLICT']);
    // Two batches at once (here, one of them from another server): the socket batcher's statement
    // waits on the unique key while the other is uncommitted, fails with a unique violation, and
    // the batcher retries that send alone, which then finds the id taken in another conversation.
    const two = cid();
    let inserted!: () => void;
    let commit!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const mayCommit = new Promise<void>((r) => (commit = r));
    const first = withTenant(testRuntime().db.app, { workspaceId: wsId, userId: null }, async (tx) => {
      const out = await sendBatch(testRuntime(), tx, (fn) => fn(tx), wsId, [item(general.id, two)]);
      inserted();
      await mayCommit;
      return out;
    });
    await didInsert;
    const second = testRuntime()
      .batcher.send(wsId, item(other.id, two))
      .then(
        () => 'stored',
        (e: unknown) => (e instanceof AppError ? e.code : 'other'),
      );
    const waiting = async () =>
      (
        await testRuntime().db.admin.$queryRaw<
          { n: number }[]
        >`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`
      )[0]?.n;
    while ((await waiting()) !== 1) await new Promise((r) => setTimeout(r, 20));
    commit();
    expect((await first).results[0]).toMatchObject({ ok: true });
    expect(await second).toBe('CONFLICT');
    const stored = async (id: string) =>
      (await api.message.history({ workspaceId: ws.id, conversationId: id })).messages.length;
    expect([await stored(general.id), await stored(other.id)]).toEqual([2, 0]);
  });
});

describe('changes', () => {
  it('reads a message’s edit history without waiting for the conversation’s change lock', async () => {
    const ws = await workspaceWith({});
    const { api, general } = ws;
    const { message } = await api.message.send({
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: cid(),
      body: 'before',
    });
    await api.message.edit({ workspaceId: ws.id, messageId: message.id, body: 'after' });
    // Another transaction holds the lock every change takes (a long send batch, an edit).
    const read = await asSuperuser(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT id FROM conversation WHERE id = $1 FOR UPDATE', [general.id]);
      try {
        return await Promise.race([
          api.message.editHistory({ workspaceId: ws.id, messageId: message.id }),
          new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000)),
        ]);
      } finally {
        await c.query('ROLLBACK');
      }
    });
    expect(read === 'waited' ? read : read.map((v) => v.body)).toEqual(['before']);
  });

  it('edits keep history, deletes leave a tombstone, reactions toggle, pins list', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const [member] = ws.member;
    const base = { workspaceId: ws.id, conversationId: general.id };
    const { message } = await api.message.send({ ...base, clientMsgId: cid(), body: 'first draft' });
    await expect(
      member.api.message.edit({ workspaceId: ws.id, messageId: message.id, body: 'hijack' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const edited = await api.message.edit({ workspaceId: ws.id, messageId: message.id, body: 'final text' });
    expect(edited).toMatchObject({ body: 'final text', editedAt: expect.any(String) as unknown });
    expect(edited.rev).toBeGreaterThan(message.rev);
    expect(await api.message.editHistory({ workspaceId: ws.id, messageId: message.id })).toMatchObject([
      { body: 'first draft' },
    ]);

    const r1 = await member.api.reaction.toggle({ workspaceId: ws.id, messageId: message.id, emoji: '👍' });
    await api.reaction.toggle({ workspaceId: ws.id, messageId: message.id, emoji: '👍' });
    const r3 = await api.reaction.toggle({ workspaceId: ws.id, messageId: message.id, emoji: ':tada:' });
    expect(r1.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [member.userId] }]);
    expect(r3.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [member.userId, expect.any(String)] },
      { emoji: ':tada:', count: 1, userIds: [expect.any(String)] },
    ]);
    const off = await member.api.reaction.toggle({ workspaceId: ws.id, messageId: message.id, emoji: '👍' });
    expect(off.reactions[0]).toMatchObject({ emoji: '👍', count: 1 });
    await expect(
      api.reaction.toggle({ workspaceId: ws.id, messageId: message.id, emoji: 'not an emoji' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await member.api.message.pin({ workspaceId: ws.id, messageId: message.id, pinned: true });
    expect((await api.message.pins(base)).map((m) => m.id)).toEqual([message.id]);

    // A member cannot delete someone else's message; the author can.
    await expect(
      member.api.message.delete({ workspaceId: ws.id, messageId: message.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const gone = await api.message.delete({ workspaceId: ws.id, messageId: message.id });
    expect(gone).toMatchObject({
      body: null,
      deletedAt: expect.any(String) as unknown,
      pinnedAt: null,
      seq: 1,
    });
    expect(await api.message.editHistory({ workspaceId: ws.id, messageId: message.id })).toEqual([]);
    expect(await api.message.pins(base)).toEqual([]);
    await expect(
      api.message.edit({ workspaceId: ws.id, messageId: message.id, body: 'back' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets moderators delete anyone’s message and audits it', async () => {
    const ws = await workspaceWith({ member: 1, moderator: 1 });
    const { api, general } = ws;
    const [[member], [moderator]] = [ws.member, ws.moderator];
    const { message } = await member.api.message.send({
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: cid(),
      body: 'spam',
    });
    await moderator.api.message.delete({ workspaceId: ws.id, messageId: message.id });
    const log = await api.audit.list({ workspaceId: ws.id });
    expect(log.items.some((e) => e.action === 'message.delete' && e.targetId === message.id)).toBe(true);
  });
});

describe('threads', () => {
  it('counts replies on the parent and enforces the depth limit', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general, member: people } = ws;
    const base = { workspaceId: ws.id, conversationId: general.id };
    const root = (await api.message.send({ ...base, clientMsgId: cid(), body: 'root' })).message;
    const reply = (
      await people[0].api.message.send({ ...base, clientMsgId: cid(), body: 'r1', parentId: root.id })
    ).message;
    await api.message.send({ ...base, clientMsgId: cid(), body: 'r2', parentId: root.id });
    expect(reply.depth).toBe(1);
    const parent = await api.message.get({ workspaceId: ws.id, messageId: root.id });
    expect(parent).toMatchObject({ replyCount: 2, lastReplyAt: expect.any(String) as unknown });
    expect(parent.threadParticipants).toHaveLength(2);
    await expect(
      api.message.send({ ...base, clientMsgId: cid(), body: 'deep', parentId: reply.id }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('top-level') as unknown,
    });
    // The top level shows the root only; the thread shows its replies.
    expect((await api.message.history(base)).messages.map((m) => m.body)).toEqual(['root']);
    expect(
      (await api.thread.replies({ workspaceId: ws.id, messageId: root.id })).messages.map((m) => m.body),
    ).toEqual(['r1', 'r2']);
    await api.workspace.update({ workspaceId: ws.id, settings: { replyDepth: 2 } });
    const deep = await api.message.send({ ...base, clientMsgId: cid(), body: 'deep', parentId: reply.id });
    expect(deep.message.depth).toBe(2);
  });
});

describe('mentions and read state', () => {
  it('raises mention and unread counts, notifies, and clears them on read', async () => {
    const ws = await workspaceWith({ member: 2 });
    const { owner, api, general } = ws;
    const [alice, bob] = ws.member;
    const base = { workspaceId: ws.id, conversationId: general.id };
    await api.message.send({ ...base, clientMsgId: cid(), body: `hello <@${alice.userId}>` });
    await api.message.send({ ...base, clientMsgId: cid(), body: 'plain' });
    const last = await api.message.send({ ...base, clientMsgId: cid(), body: 'all hands @channel' });
    const state = (c: Caller) =>
      c.read.states({ workspaceId: ws.id }).then((s) => s.find((x) => x.conversationId === general.id));
    expect(await state(alice.api)).toMatchObject({ unread: 3, mentions: 2 });
    expect(await state(bob.api)).toMatchObject({ unread: 3, mentions: 1 });
    // Your own messages are never unread.
    expect(await state(api)).toMatchObject({ unread: 0, mentions: 0 });
    const notes = await alice.api.notification.list({ workspaceId: ws.id });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ kind: 'mention', actorId: owner.userId, readAt: null });

    const marked = await alice.api.read.mark({ ...base, seq: 2 });
    expect(marked).toMatchObject({ lastReadSeq: 2, unread: 1, mentions: 1 });
    // The mark never moves back or past the end.
    expect(await alice.api.read.mark({ ...base, seq: 1 })).toMatchObject({ lastReadSeq: 2 });
    expect(await alice.api.read.mark({ ...base, seq: 999 })).toMatchObject({
      lastReadSeq: 3,
      unread: 0,
    });
    expect(await alice.api.notification.list({ workspaceId: ws.id, unreadOnly: true })).toEqual([]);
    // Bob clears his notifications in one go; Alice's stay as they were.
    expect(await bob.api.notification.markRead({ workspaceId: ws.id })).toEqual({ updated: 1 });
    expect(await bob.api.notification.list({ workspaceId: ws.id, unreadOnly: true })).toEqual([]);
    expect(await bob.api.notification.markRead({ workspaceId: ws.id })).toEqual({ updated: 0 });

    expect(await api.read.receipts({ workspaceId: ws.id, messageId: last.message.id })).toEqual({
      seenBy: [alice.userId],
      seenCount: 1,
    });
  });
});

describe('sync', () => {
  it('returns what a client missed: changes to what it holds, then new messages in order, paged', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const base = { workspaceId: ws.id, conversationId: general.id };
    const held = [];
    for (let i = 0; i < 3; i++)
      held.push((await api.message.send({ ...base, clientMsgId: cid(), body: `h${i}` })).message);
    const cursor = { conversationId: general.id, lastSeq: 3, lastRev: held[2]!.rev };
    await api.message.edit({ workspaceId: ws.id, messageId: held[0]!.id, body: 'h0 edited' });
    await api.reaction.toggle({ workspaceId: ws.id, messageId: held[1]!.id, emoji: '🎉' });
    for (let i = 0; i < 5; i++) await api.message.send({ ...base, clientMsgId: cid(), body: `n${i}` });
    await api.message.delete({ workspaceId: ws.id, messageId: held[2]!.id });

    const first = await api.message.sync({ workspaceId: ws.id, conversations: [cursor], limit: 4 });
    const c1 = first.conversations[0]!;
    expect(c1.changes.map((m) => m.body)).toEqual(['h0 edited', 'h1', null]);
    expect(c1.messages.map((m) => m.body)).toEqual(['n0']);
    expect(c1.hasMore).toBe(true);
    const second = await api.message.sync({
      workspaceId: ws.id,
      conversations: [{ conversationId: general.id, lastSeq: c1.lastSeq, lastRev: c1.lastRev }],
      limit: 4,
    });
    const c2 = second.conversations[0]!;
    expect(c2.changes).toEqual([]);
    expect(c2.messages.map((m) => m.body)).toEqual(['n1', 'n2', 'n3', 'n4']);
    const third = await api.message.sync({
      workspaceId: ws.id,
      conversations: [{ conversationId: general.id, lastSeq: c2.lastSeq, lastRev: c2.lastRev }],
    });
    expect(third.conversations[0]).toMatchObject({ messages: [], changes: [], hasMore: false, lastSeq: 8 });
  });
});

describe('listings', () => {
  it('carry the caller’s unread and mention counts for channels, DMs and record conversations', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const [alice] = ws.member;
    const dm = await api.channel.openDirect({ workspaceId: ws.id, userIds: [alice.userId] });
    const subj = await alice.api.channel.getOrCreateBySubject({
      workspaceId: ws.id,
      subject: { type: 'order', id: '7' },
    });
    await api.channel.getOrCreateBySubject({ workspaceId: ws.id, subject: { type: 'order', id: '7' } });
    const send = (conversationId: string, body: string) =>
      api.message.send({ workspaceId: ws.id, conversationId, clientMsgId: cid(), body });
    await send(general.id, 'one');
    await send(general.id, `two <@${alice.userId}>`);
    await send(dm.id, 'psst');
    await send(subj.id, 'about order 7 @here');
    const channels = await alice.api.channel.list({ workspaceId: ws.id });
    expect(channels.find((c) => c.id === general.id)).toMatchObject({ unread: 2, mentions: 1 });
    expect(await alice.api.channel.listDirect({ workspaceId: ws.id })).toMatchObject([
      { id: dm.id, unread: 1 },
    ]);
    // @here reaches only people online; alice has no socket here, so no mention.
    expect(await alice.api.channel.listBySubject({ workspaceId: ws.id, type: 'order' })).toMatchObject([
      { id: subj.id, unread: 1, mentions: 0 },
    ]);
    expect((await api.channel.list({ workspaceId: ws.id }))[0]).toMatchObject({ unread: 0, mentions: 0 });
  });
});

describe('sync after losing a conversation', () => {
  it('answers gone for that conversation and goes on with the others', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    const [member] = ws.member;
    const side = await api.channel.create({ workspaceId: ws.id, name: 'side', isPrivate: true });
    await api.channel.addMember({ workspaceId: ws.id, channelId: side.id, userId: member.userId });
    await api.message.send({ workspaceId: ws.id, conversationId: side.id, clientMsgId: cid(), body: 'side' });
    await api.message.send({
      workspaceId: ws.id,
      conversationId: general.id,
      clientMsgId: cid(),
      body: 'main',
    });
    await api.channel.removeMember({ workspaceId: ws.id, channelId: side.id, userId: member.userId });
    const r = await member.api.message.sync({
      workspaceId: ws.id,
      conversations: [
        { conversationId: side.id, lastSeq: 0, lastRev: 0 },
        { conversationId: general.id, lastSeq: 0, lastRev: 0 },
      ],
    });
    expect(r.conversations.map((c) => [c.gone, c.messages.map((m) => m.body)])).toEqual([
      [true, []],
      [false, ['main']],
    ]);
  });
});

describe('changes racing a delete', () => {
  it('never pins, reacts to or half-edits a message deleted at the same moment', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api, general } = ws;
    for (let i = 0; i < 10; i++) {
      const { message } = await api.message.send({
        workspaceId: ws.id,
        conversationId: general.id,
        clientMsgId: cid(),
        body: `race ${i}`,
      });
      const ref = { workspaceId: ws.id, messageId: message.id };
      const results = await Promise.allSettled([
        api.message.edit({ ...ref, body: `edited ${i}` }),
        api.reaction.toggle({ ...ref, emoji: '👍' }),
        api.message.pin({ ...ref, pinned: true }),
        api.message.delete(ref),
      ]);
      // Whatever lost the race was refused as GONE, never as an internal error.
      for (const r of results) {
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ code: 'NOT_FOUND', message: 'This message was deleted' });
      }
      const after = await api.message.get(ref);
      expect(after).toMatchObject({ body: null, pinnedAt: null, reactions: [] });
    }
  });
});
