import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { connect, nextEvent, type Client } from '../../../test/sockets';
import { outcomeInWords } from '../../../shared/moderation';

const app = useTestServer();

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`;
  }
};

async function setUp() {
  const ws = await workspaceWith(
    { admin: 1, moderator: 1, member: 2, guest: 1 },
    { name: `Moderation ${randomUUID().slice(0, 8)}` },
  );
  const [author, reporter] = ws.member;
  const send = (body: string, who = author) =>
    who.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: randomUUID(),
      body,
    });
  const queue = (status: 'open' | 'decided' = 'open') =>
    ws.moderator[0].api.moderation.queue({ workspaceId: ws.id, status });
  return { ws, author, reporter, send, queue };
}

describe('reports and decisions', () => {
  it('queues a reported message for moderators, once per reporter, and tells every reporter the outcome', async () => {
    const { ws, author, reporter, send, queue } = await setUp();
    const { message } = await send('You are all idiots');
    const report = (who = reporter, reason: 'harassment' | 'spam' = 'harassment') =>
      who.api.moderation.report({ workspaceId: ws.id, messageId: message.id, reason, note: 'Rude' });

    expect(
      await codeOf(
        author.api.moderation.report({ workspaceId: ws.id, messageId: message.id, reason: 'spam' }),
      ),
    ).toBe('FORBIDDEN');
    const first = await report();
    expect(await codeOf(report())).toBe('CONFLICT');
    const second = await report(ws.admin[0], 'spam');
    expect(second.reviewId).toBe(first.reviewId);
    // Members do not see the queue.
    expect(await codeOf(reporter.api.moderation.queue({ workspaceId: ws.id, status: 'open' }))).toBe(
      'FORBIDDEN',
    );

    const open = await queue();
    expect(open.open).toBe(1);
    const [item] = open.items;
    expect(item).toMatchObject({
      id: first.reviewId,
      status: 'open',
      causes: ['reported'],
      score: 0,
      message: { id: message.id, where: '#general', body: 'You are all idiots', deleted: false },
      author: { id: author.userId, name: author.name },
      decision: null,
    });
    expect(item?.reports.map((r) => [r.reason, r.note, r.reporter.id])).toEqual([
      ['harassment', 'Rude', reporter.userId],
      ['spam', 'Rude', ws.admin[0].userId],
    ]);

    // The author cannot decide on their own message; a moderator deletes it.
    const reporterSocket = await connect(app.url, { token: reporter.token });
    const told = nextEvent(reporterSocket, 'notification');
    const decided = await ws.moderator[0].api.moderation.decide({
      workspaceId: ws.id,
      reviewId: first.reviewId,
      decision: 'delete',
      note: 'Not how we talk here',
    });
    expect(decided.notified).toBe(2);
    expect(decided.review).toMatchObject({
      status: 'deleted',
      message: { body: null, deleted: true },
      decision: { status: 'deleted', by: { id: ws.moderator[0].userId }, note: 'Not how we talk here' },
    });
    expect((await told).payload).toMatchObject({
      workspaceId: ws.id,
      kind: 'report_outcome',
      messageId: message.id,
    });
    expect(
      await codeOf(
        ws.admin[0].api.moderation.decide({
          workspaceId: ws.id,
          reviewId: first.reviewId,
          decision: 'approve',
        }),
      ),
    ).toBe('CONFLICT');

    const history = await reporter.api.message.history({ workspaceId: ws.id, conversationId: ws.general.id });
    expect(history.messages.find((m) => m.id === message.id)?.deletedAt).not.toBeNull();
    const [note] = await reporter.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 10 });
    expect(note).toMatchObject({
      kind: 'report_outcome',
      detail: outcomeInWords.deleted,
      messageId: message.id,
    });
    expect((await queue()).open).toBe(0);
    expect((await queue('decided')).items.map((i) => i.id)).toEqual([first.reviewId]);

    const audit = await superQuery<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_event WHERE workspace_id = $1 AND action IN ('message.report', 'moderation.decide', 'message.delete') ORDER BY seq`,
      [ws.id],
    );
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['message.report', reporter.userId],
      ['message.report', ws.admin[0].userId],
      ['message.delete', ws.moderator[0].userId],
      ['moderation.decide', ws.moderator[0].userId],
    ]);
    // A deleted message can no longer be reported.
    expect(await codeOf(report(ws.guest[0]))).not.toBe('ok');
  });

  it('warns an author in their notifications, and lets a moderator quarantine members but not admins', async () => {
    const { ws, author, reporter, send } = await setUp();
    const mod = ws.moderator[0];
    const { message } = await send('Buy cheap followers at my site');
    const { reviewId } = await reporter.api.moderation.report({
      workspaceId: ws.id,
      messageId: message.id,
      reason: 'spam',
    });
    expect(await codeOf(mod.api.moderation.decide({ workspaceId: ws.id, reviewId, decision: 'warn' }))).toBe(
      'BAD_REQUEST',
    );
    await mod.api.moderation.decide({
      workspaceId: ws.id,
      reviewId,
      decision: 'warn',
      note: 'No advertising, please',
    });
    const [warning] = await author.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 10 });
    expect(warning).toMatchObject({
      kind: 'warning',
      detail: 'No advertising, please',
      messageId: message.id,
    });
    const [outcome] = await reporter.api.notification.list({
      workspaceId: ws.id,
      unreadOnly: true,
      limit: 10,
    });
    expect(outcome).toMatchObject({ kind: 'report_outcome', detail: outcomeInWords.warned });

    // An admin's message: a moderator cannot quarantine them (and nothing changes); the owner can.
    const adminMsg = await send('Admins can be wrong too', ws.admin[0]);
    const onAdmin = await reporter.api.moderation.report({
      workspaceId: ws.id,
      messageId: adminMsg.message.id,
      reason: 'other',
    });
    const byMod = {
      workspaceId: ws.id,
      reviewId: onAdmin.reviewId,
      decision: 'quarantine' as const,
      minutes: 30,
    };
    expect(await codeOf(mod.api.moderation.decide(byMod))).toBe('FORBIDDEN');
    expect((await mod.api.moderation.queue({ workspaceId: ws.id, status: 'open' })).open).toBe(1);
    await ws.owner.api.moderation.decide(byMod);
    const [q] = await ws.owner.api.admin.quarantines({ workspaceId: ws.id });
    expect(q).toMatchObject({ userId: ws.admin[0].userId, startedBy: { id: ws.owner.userId } });
  });

  it('gives a trust score to members, and refuses people outside the workspace', async () => {
    const { ws, author, send } = await setUp();
    await send('hello');
    const t = await ws.moderator[0].api.moderation.trust({ workspaceId: ws.id, userId: author.userId });
    expect(t).toMatchObject({ score: 50, factors: { kind: 'member', messages: 1, accountDays: 0 } });
    expect(
      (await ws.moderator[0].api.moderation.trust({ workspaceId: ws.id, userId: ws.admin[0].userId })).score,
    ).toBe(100);
    const other = await workspaceWith({}, { name: `Elsewhere ${randomUUID().slice(0, 8)}` });
    expect(
      await codeOf(ws.moderator[0].api.moderation.trust({ workspaceId: ws.id, userId: other.owner.userId })),
    ).toBe('NOT_FOUND');
  });
});

describe('the live queue', () => {
  it("tells the workspace's moderators and up, and nobody else, each time its queue changes", async () => {
    const { ws, reporter, send } = await setUp();
    const other = await workspaceWith({ moderator: 1 });
    const listen = async (who: { token: string }) => {
      const c = await connect(app.url, { token: who.token });
      const got: string[] = [];
      c.on('moderation:updated', (p) => got.push(`${p.workspaceId === ws.id ? 'A' : '?'}:${p.change}`));
      return { c, got };
    };
    const moderator = await listen(ws.moderator[0]);
    const admin = await listen(ws.admin[0]);
    const owner = await listen(ws.owner);
    const member = await listen(reporter);
    const elsewhere = await listen(other.moderator[0]);
    // Generous: the whole suite runs at once around it.
    const next = (c: Client) => nextEvent(c, 'moderation:updated', 10_000);

    // An IBAN is flagged by the default policy: the message joins the queue.
    let heard = next(moderator.c);
    const { message } = await send('Pay to DE89 3704 0044 0532 0130 00 please');
    expect((await heard).payload).toEqual({ workspaceId: ws.id, change: 'queued' });
    heard = next(moderator.c);
    await reporter.api.moderation.report({ workspaceId: ws.id, messageId: message.id, reason: 'spam' });
    expect((await heard).payload.change).toBe('reported');
    const [item] = (await ws.moderator[0].api.moderation.queue({ workspaceId: ws.id, status: 'open' })).items;
    heard = next(moderator.c);
    await ws.admin[0].api.moderation.decide({ workspaceId: ws.id, reviewId: item!.id, decision: 'approve' });
    expect((await heard).payload.change).toBe('decided');

    await new Promise((r) => setTimeout(r, 200));
    const all = ['A:queued', 'A:reported', 'A:decided'];
    expect(moderator.got).toEqual(all);
    expect(admin.got).toEqual(all);
    expect(owner.got).toEqual(all);
    expect(member.got).toEqual([]);
    expect(elsewhere.got).toEqual([]);
  });
});
