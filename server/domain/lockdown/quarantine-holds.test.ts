import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyWords } from '../../../shared/policy';
import { workspaceWith } from '../../../test/factories';
import { jsonOf, restOn } from '../../../test/http';
import { useNodes, useRedis } from '../../../test/nodes';
import { collect, connect, joinConversation, nextEvent, sendOn } from '../../../test/sockets';

// The policy's other choice for a quarantine (threat.quarantineHolds), on two nodes: the member
// reads on, live, and everything they send waits in the moderation queue, on both faces and both
// nodes; anything else they try is refused with words that say so.

const redis = useRedis();
const [a, b] = useNodes(redis, ['holds-a', 'holds-b']);

interface QueueItem {
  id: string;
  causes: string[];
  message: { id: string | null; held: boolean; body: string | null };
}

describe('a quarantine that holds', () => {
  it('lets the member read on while all they send waits for a moderator', async () => {
    const ws = await workspaceWith(
      { admin: 1, moderator: 1, member: 2 },
      { name: `QH ${randomUUID().slice(0, 8)}` },
    );
    const [admin] = ws.admin;
    const [moderator] = ws.moderator;
    const [held, other] = ws.member;
    const general = { workspaceId: ws.id, conversationId: ws.general.id };
    const policyPath = `/workspaces/${ws.id}/admin/policy`;
    const { body: p } = await jsonOf(await restOn(a, admin.token, 'GET', policyPath));
    const { version, updatedAt: _a, updatedBy: _b, ...rules } = p;
    const threat = rules.threat as Record<string, unknown>;
    const saved = await restOn(b, admin.token, 'PUT', policyPath, {
      ...rules,
      expectedVersion: version,
      threat: { ...threat, quarantineHolds: true },
    });
    expect(saved.status).toBe(200);

    const heldSockets = [
      await connect(a.url, { token: held.token }),
      await connect(b.url, { token: held.token }),
    ];
    for (const s of heldSockets) await joinConversation(s, general);
    const otherSocket = await connect(b.url, { token: other.token });
    await joinConversation(otherSocket, general);
    const told = heldSockets.map((s) => nextEvent(s, 'quarantine'));
    const path = `/workspaces/${ws.id}/admin/members/${held.userId}/quarantine`;
    const started = await jsonOf(
      await restOn(a, admin.token, 'POST', path, { reason: 'Cooling off', minutes: 30 }),
    );
    expect(started).toMatchObject({ status: 200, body: { userId: held.userId, holds: true } });
    for (const t of await Promise.all(told))
      expect(t.payload).toMatchObject({ workspaceId: ws.id, active: { reason: 'Cooling off', holds: true } });
    expect(await jsonOf(await restOn(b, held.token, 'GET', `/workspaces/${ws.id}/lockdown`))).toMatchObject({
      body: { quarantine: { reason: 'Cooling off', holds: true } },
    });

    // They read on: history, and live on both nodes (their sockets are not shut out).
    const history = `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`;
    expect((await restOn(b, held.token, 'GET', history)).status).toBe(200);
    const live = heldSockets.map((s) => nextEvent(s, 'message:new'));
    const said = await jsonOf(
      await restOn(a, other.token, 'POST', history, { clientMsgId: randomUUID(), body: 'still here?' }),
    );
    expect(said.status).toBe(200);
    for (const e of await Promise.all(live)) expect(e.payload).toMatchObject({ body: 'still here?' });

    // What they send waits, on both faces and both nodes; nobody hears it.
    const othersHear = collect(otherSocket, 'message:new', 1500);
    const viaRest = await jsonOf(
      await restOn(b, held.token, 'POST', history, { clientMsgId: randomUUID(), body: 'rest, held' }),
    );
    expect(viaRest).toMatchObject({ status: 422, body: { message: policyWords.held } });
    expect(await sendOn(heldSockets[0]!, general, 'socket, held')).toMatchObject({
      ok: false,
      error: { code: 'HELD', message: policyWords.held },
    });
    expect(await othersHear).toEqual([]);

    // Anything else is refused, with words that say what they still may do.
    const messageId = (said.body.message as { id: string }).id;
    const react = await jsonOf(
      await restOn(a, held.token, 'POST', `/workspaces/${ws.id}/messages/${messageId}/reactions`, {
        emoji: '👍',
      }),
    );
    expect(react.status).toBe(423);
    expect(react.body.message).toMatch(/Cooling off\. You can read, and your messages wait for a moderator/);

    // The queue says why they wait; approving posts one, though its author is still in quarantine.
    const queuePath = `/workspaces/${ws.id}/moderation/queue?status=open`;
    const { body: q } = await jsonOf(await restOn(a, moderator.token, 'GET', queuePath));
    const items = (q.items as QueueItem[]).sort((x, y) =>
      (x.message.body ?? '').localeCompare(y.message.body ?? ''),
    );
    expect(items.map((i) => [i.message.body, i.message.held, i.causes])).toEqual([
      ['rest, held', true, ['quarantine']],
      ['socket, held', true, ['quarantine']],
    ]);
    const posted = nextEvent(otherSocket, 'message:new', 5000);
    const decided = await restOn(
      b,
      moderator.token,
      'POST',
      `/workspaces/${ws.id}/moderation/reviews/${items[0]!.id}/decide`,
      {
        decision: 'approve',
      },
    );
    expect(decided.status).toBe(200);
    expect((await posted).payload).toMatchObject({ body: 'rest, held', authorId: held.userId });
  });

  it('is not what a quarantine does when the policy leaves the choice off', async () => {
    const ws = await workspaceWith({ admin: 1, member: 1 }, { name: `QR ${randomUUID().slice(0, 8)}` });
    const [admin] = ws.admin;
    const [held] = ws.member;
    const path = `/workspaces/${ws.id}/admin/members/${held.userId}/quarantine`;
    const started = await jsonOf(await restOn(a, admin.token, 'POST', path, { reason: 'Out', minutes: 5 }));
    expect(started).toMatchObject({ status: 200, body: { holds: false } });
    const history = `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`;
    expect((await restOn(b, held.token, 'GET', history)).status).toBe(423);
    const sent = await restOn(b, held.token, 'POST', history, { clientMsgId: randomUUID(), body: 'refused' });
    expect(sent.status).toBe(423);
  });
});
