import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { workspaceWith, type Caller } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { collect, connect, joinConversation, nextEvent, sendOn } from '../../../test/sockets';

const app = useTestServer();

const FILTER_ID = '5b0c3c86-1d5e-4c55-9d0e-2f7b8a6c1e01';

/** The workspace's policy with a flagging filter on "contoso" and the thresholds given. */
async function policyWith(
  api: Caller,
  workspaceId: string,
  threat: { holdAt: number; quarantineAt: number },
) {
  const { version, updatedAt: _a, updatedBy: _b, ...rest } = await api.admin.policy({ workspaceId });
  await api.admin.setPolicy({
    workspaceId,
    ...rest,
    expectedVersion: version,
    filters: [
      { id: FILTER_ID, name: 'Rival', pattern: '\\bcontoso\\b', caseSensitive: false, action: 'flag' },
    ],
    threat: { ...threat, quarantineMinutes: 45 },
  });
}

async function setUp(threat = { holdAt: 70, quarantineAt: 95 }) {
  const ws = await workspaceWith(
    { admin: 1, moderator: 1, member: 1 },
    { name: `Screen ${randomUUID().slice(0, 8)}` },
  );
  await policyWith(ws.owner.api, ws.id, threat);
  const [member] = ws.member;
  const send = (body: string, who = member) =>
    who.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: randomUUID(),
      body,
    });
  const queue = () => ws.moderator[0].api.moderation.queue({ workspaceId: ws.id, status: 'open' });
  return { ws, member, send, queue };
}

describe('screening what the policy lets through', () => {
  it('queues a flagged message with its score and the rule, and leaves masked-only and clean ones alone', async () => {
    const { ws, member, send, queue } = await setUp();
    await send('A clean message');
    await send('My card is 4111 1111 1111 1111');
    const flagged = await send('Have you tried Contoso?');
    const { items } = await queue();
    expect(items).toHaveLength(1);
    // The filter's flag (35), from a member whose trust fell to 42 with the masked card: 40.
    expect(items[0]).toMatchObject({
      causes: ['flagged'],
      score: 40,
      message: { id: flagged.message.id, body: 'Have you tried Contoso?' },
      author: { id: member.userId, trust: 34 },
      hits: [
        { source: 'filter', rule: FILTER_ID, action: 'flag', label: 'text matching the filter “Rival”' },
      ],
    });
    // Both hits weigh on their trust now (8 each).
    expect(
      await ws.moderator[0].api.moderation.trust({ workspaceId: ws.id, userId: member.userId }),
    ).toMatchObject({ score: 34, factors: { recentHits: 2, messages: 3 } });
  });

  it('alerts admins over the review threshold and quarantines the author at the second, never staff', async () => {
    const { ws, member, send, queue } = await setUp({ holdAt: 50, quarantineAt: 55 });
    const adminSocket = await connect(app.url, { token: ws.admin[0].token });
    const memberSocket = await connect(app.url, { token: member.token });
    await joinConversation(memberSocket, { workspaceId: ws.id, conversationId: ws.general.id });
    const alerts = collect(adminSocket, 'security:alert', 1500);
    const told = nextEvent(memberSocket, 'quarantine');
    // A filter flag (35) and markup (20) from a member of trust 50: 55.
    const sent = await send('Contoso <script>alert(1)</script>');
    const { payload } = await told;
    expect(payload.workspaceId).toBe(ws.id);
    expect(payload.active?.reason).toMatch(/^Automatic: a message scored 55/);
    const heard = await alerts;
    expect(heard.map((a) => [a.kind, a.message])).toEqual(
      expect.arrayContaining([['message', expect.stringContaining('scored 55')]]),
    );
    expect(heard.map((a) => a.kind)).toContain('quarantine');
    const [item] = (await queue()).items;
    expect(item).toMatchObject({ message: { id: sent.message.id }, score: 55, causes: ['flagged', 'score'] });
    const [q] = await ws.owner.api.admin.quarantines({ workspaceId: ws.id });
    expect(q).toMatchObject({
      userId: member.userId,
      startedBy: { id: 'system', name: 'Enclave (automatic)' },
    });
    expect(new Date(q!.endsAt).getTime() - new Date(q!.startedAt).getTime()).toBe(45 * 60_000);
    await expect(send('another')).rejects.toThrow(/quarantine/);
    const audit = await superQuery<{ actor_type: string; target_id: string }>(
      `SELECT actor_type, target_id FROM audit_event WHERE workspace_id = $1 AND action = 'member.quarantine'`,
      [ws.id],
    );
    expect(audit).toEqual([{ actor_type: 'system', target_id: member.userId }]);

    // Staff are trusted: the same text from a moderator is queued (flagged) but nobody is quarantined.
    await send('Contoso <script>alert(1)</script>', ws.moderator[0]);
    expect(await ws.owner.api.admin.quarantines({ workspaceId: ws.id })).toHaveLength(1);
  });

  it('screens socket sends and edits too; an edit reopens a decided review', async () => {
    const { ws, member, send, queue } = await setUp();
    const s = await connect(app.url, { token: member.token });
    await joinConversation(s, { workspaceId: ws.id, conversationId: ws.general.id });
    const ack = await sendOn(s, { workspaceId: ws.id, conversationId: ws.general.id }, 'contoso is better');
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    const viaSocket = (await queue()).items.find((i) => i.message.id === ack.data.message.id);
    expect(viaSocket?.causes).toEqual(['flagged']);
    await ws.moderator[0].api.moderation.decide({
      workspaceId: ws.id,
      reviewId: viaSocket!.id,
      decision: 'approve',
    });
    expect((await queue()).open).toBe(0);

    const plain = await send('All good here');
    expect((await queue()).open).toBe(0);
    await member.api.message.edit({
      workspaceId: ws.id,
      messageId: plain.message.id,
      body: 'All good at Contoso',
    });
    await member.api.message.edit({
      workspaceId: ws.id,
      messageId: ack.data.message.id,
      body: 'contoso, again',
    });
    const open = (await queue()).items.map((i) => i.message.id).sort();
    expect(open).toEqual([plain.message.id, ack.data.message.id].sort());
  });
});
