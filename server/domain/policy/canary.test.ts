import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { TABLES } from '../../../test/matrix/snapshot';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, sendOn } from '../../../test/sockets';

const app = useTestServer();

// A canary card number and secret sent down every text path the default policy masks: none of
// their text may be found afterwards in any row of the workspace (as text, or as the bytes of an
// unencrypted column), in the search index, in notifications, or in any socket event.
const CARD = '4242 4242 4242 4242';
const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const CANARY = `card ${CARD} key ${SECRET}`;
/** What must not survive: the card's first twelve digits (a mask keeps the last four) and the key. */
const FORBIDDEN = ['4242 4242 4242', '424242424242', SECRET];
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('the canary through every text path', () => {
  it('leaves no trace of a masked card number or secret anywhere', async () => {
    const ws = await workspaceWith(
      { moderator: 1, member: 2 },
      { name: `Canary ${randomUUID().slice(0, 8)}` },
    );
    const [member, quiet] = ws.member;
    const general = { workspaceId: ws.id, conversationId: ws.general.id };
    const heard: string[] = [];
    for (const token of [ws.owner.token, member.token, ws.moderator[0].token]) {
      const s = await connect(app.url, { token });
      await joinConversation(s, general);
      s.onAny((event: string, ...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
    }
    const send = (body: string, extra: Record<string, unknown> = {}, who = member) =>
      who.api.message.send({ ...general, clientMsgId: randomUUID(), body, ...extra });

    // Messages: the API (with a mention, so a notification), REST, a socket, a thread reply, an edit.
    const root = await send(`<@${ws.owner.userId}> ${CANARY}`);
    expect(root.message.body).toContain('•••• 4242');
    const rest = await fetch(
      `${app.url}/api/v1/workspaces/${ws.id}/conversations/${ws.general.id}/messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMsgId: randomUUID(), body: `rest ${CANARY}` }),
      },
    );
    expect(rest.status).toBe(200);
    const sock = await connect(app.url, { token: member.token });
    await joinConversation(sock, general);
    const ack = await sendOn(sock, general, `socket ${CANARY}`);
    expect(ack.ok).toBe(true);
    await send(`reply ${CANARY}`, { parentId: root.message.id }, ws.owner);
    const plain = await send('plain so far');
    await member.api.message.edit({
      workspaceId: ws.id,
      messageId: plain.message.id,
      body: `edited ${CANARY}`,
    });

    // Other fields: a channel topic, the support inbox (a visitor's message, a note, a canned reply),
    // a report's note and a moderator's warning.
    await ws.api.channel.update({
      workspaceId: ws.id,
      channelId: ws.general.id,
      topic: `topic ${CANARY}`,
    });
    const secret = await widgetOn(ws, { anonymous: true });
    const visitor = await widgetVisitor(ws, {
      secret,
      claims: { sub: `canary-${randomUUID()}`, name: 'Vic' },
    });
    const support = await supportConversation(ws, visitor, {
      messages: [`visitor ${CANARY}`],
      note: `note ${CANARY}`,
      canned: { title: 'Canary', body: `canned ${CANARY}` },
    });
    const { reviewId } = await ws.owner.api.moderation.report({
      workspaceId: ws.id,
      messageId: plain.message.id,
      reason: 'sensitive',
      note: `report ${CANARY}`,
    });
    await ws.moderator[0].api.moderation.decide({
      workspaceId: ws.id,
      reviewId,
      decision: 'warn',
      note: `warning ${CANARY}`,
    });
    const [warning] = await member.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 5 });
    expect(warning?.detail).toBe('warning card •••• 4242 key [secret removed]');
    // Names cannot hold a mask: a visitor named with the canary goes by their anonymous name.
    const named = await widgetVisitor(ws, {
      secret,
      claims: { sub: `canary-${randomUUID()}`, name: `Vic ${CARD}` },
    });
    expect(named.name).toMatch(/^Visitor /);

    // An admin's correction of a member's message: its text, and the reason (audited, notified).
    const wrong = await send('to be corrected');
    const corrected = await ws.api.message.correct({
      workspaceId: ws.id,
      messageId: wrong.message.id,
      body: `corrected ${CANARY}`,
      reason: `reason ${CANARY}`,
    });
    expect(corrected.body).toBe('corrected card •••• 4242 key [secret removed]');

    // A lockdown's and a quarantine's reasons, which everyone shut out reads.
    const lockdown = await ws.api.admin.startLockdown({
      workspaceId: ws.id,
      mode: 'read_only',
      reason: `drill ${CANARY}`,
      minutes: 5,
    });
    expect(lockdown.reason).toBe('drill card •••• 4242 key [secret removed]');
    const quarantined = await ws.api.admin.quarantine({
      workspaceId: ws.id,
      userId: quiet.userId,
      reason: `quarantine ${CANARY}`,
      minutes: 5,
    });
    expect(quarantined.reason).toBe('quarantine card •••• 4242 key [secret removed]');

    // Nothing of it in the search index.
    for (const query of ['4242424242424242', SECRET])
      expect(await member.api.search.messages({ workspaceId: ws.id, query }), query).toEqual([]);
    expect((await member.api.search.messages({ workspaceId: ws.id, query: 'edited' })).length).toBe(1);

    // Nor in what reading it back decrypts: history, threads, the inbox's notes and canned replies,
    // the channel and the moderation queue.
    const read = [
      await member.api.message.history(general),
      await member.api.thread.replies({ workspaceId: ws.id, messageId: root.message.id }),
      await ws.api.inbox.notes({ workspaceId: ws.id, conversationId: support.id }),
      await ws.api.inbox.cannedReplies({ workspaceId: ws.id }),
      await ws.api.inbox.get({ workspaceId: ws.id, conversationId: support.id }),
      await ws.api.channel.list({ workspaceId: ws.id }),
      await ws.moderator[0].api.moderation.queue({ workspaceId: ws.id, status: 'decided' }),
      await ws.api.notification.list({ workspaceId: ws.id, unreadOnly: false, limit: 50 }),
      await ws.api.admin.lockdown({ workspaceId: ws.id }),
      await ws.api.admin.quarantines({ workspaceId: ws.id }),
      await ws.api.message.editHistory({ workspaceId: ws.id, messageId: wrong.message.id }),
      await member.api.notification.list({ workspaceId: ws.id, unreadOnly: false, limit: 50 }),
      await ws.api.audit.list({ workspaceId: ws.id }),
    ].map((r) => JSON.stringify(r));
    expect(read.join('\n')).toContain('note card •••• 4242');
    expect(read.filter((r) => FORBIDDEN.some((f) => r.includes(f)))).toEqual([]);

    // Nothing in any row of the workspace, its people's names included.
    const found: string[] = [];
    for (const t of [...TABLES, 'user']) {
      const where =
        t === 'workspace'
          ? 'r.id = $1'
          : t === 'user'
            ? 'r.id IN (SELECT user_id FROM member WHERE workspace_id = $1)'
            : 'r.workspace_id = $1';
      const rows = await superQuery<{ row: string }>(`SELECT r::text AS row FROM "${t}" r WHERE ${where}`, [
        ws.id,
      ]);
      for (const { row } of rows)
        for (const f of FORBIDDEN) if (row.includes(f) || row.includes(hex(f))) found.push(`${t}: ${f}`);
    }
    expect(found).toEqual([]);
    // Nor in any event a member, the owner or a moderator heard (and they did hear the sends).
    expect(heard.filter((e) => e.startsWith('message:new')).length).toBeGreaterThanOrEqual(4);
    expect(heard.filter((e) => FORBIDDEN.some((f) => e.includes(f)))).toEqual([]);
  });
});
