import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { workspaceWith } from '../../../test/factories';
import { useNodes, useRedis } from '../../../test/nodes';
import { jsonOf, restOn } from '../../../test/http';
import { collect, connect, joinConversation, nextEvent, sendOn } from '../../../test/sockets';

// Quarantine on two nodes sharing one Redis: the member's calls are refused with the reason on
// both nodes and both faces, their sockets (already open, and new ones) hear nothing of the
// workspace, others see them offline (only admins learn why), and releasing them lets them back.

const redis = useRedis();
const [a, b] = useNodes(redis, ['quarantine-a', 'quarantine-b']);

describe('quarantine', () => {
  it('shuts one member out on both nodes until released, and hides them from the others', async () => {
    const ws = await workspaceWith({ admin: 1, member: 2 }, { name: `Q ${randomUUID().slice(0, 8)}` });
    const [admin] = ws.admin;
    const [held, other] = ws.member;
    const general = { workspaceId: ws.id, conversationId: ws.general.id };
    const heldSockets = [
      await connect(a.url, { token: held.token }),
      await connect(b.url, { token: held.token }),
    ];
    for (const s of heldSockets) await joinConversation(s, general);
    const otherSocket = await connect(a.url, { token: other.token });
    await joinConversation(otherSocket, general);
    const adminSocket = await connect(b.url, { token: admin.token });
    const told = heldSockets.map((s) => nextEvent(s, 'quarantine'));
    const alert = nextEvent(adminSocket, 'security:alert');
    const path = `/workspaces/${ws.id}/admin/members/${held.userId}/quarantine`;

    // Not by members, not of the owner by an admin, not twice.
    expect((await restOn(a, other.token, 'POST', path, { reason: 'x', minutes: 5 })).status).toBe(403);
    const ownerPath = `/workspaces/${ws.id}/admin/members/${ws.owner.userId}/quarantine`;
    expect((await restOn(a, admin.token, 'POST', ownerPath, { reason: 'x', minutes: 5 })).status).toBe(403);
    const started = await jsonOf(
      await restOn(a, admin.token, 'POST', path, { reason: 'Spamming links', minutes: 30 }),
    );
    expect(started).toMatchObject({ status: 200, body: { userId: held.userId, reason: 'Spamming links' } });
    expect((await restOn(b, admin.token, 'POST', path, { reason: 'again', minutes: 5 })).status).toBe(409);
    for (const t of await Promise.all(told))
      expect(t.payload).toMatchObject({ workspaceId: ws.id, active: { reason: 'Spamming links' } });
    expect((await alert).payload).toMatchObject({ workspaceId: ws.id, kind: 'quarantine' });

    // Refused on both nodes and both faces, with the reason.
    const history = `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`;
    const refused = await jsonOf(await restOn(b, held.token, 'GET', history));
    expect(refused.status).toBe(423);
    expect(refused.body.message).toMatch(
      /^You are in quarantine in this workspace until \d{4}-\d\d-\d\d \d\d:\d\d UTC: Spamming links\. You cannot use it until then\.$/,
    );
    expect(
      await sendOn(heldSockets[0]!, { workspaceId: ws.id, conversationId: ws.general.id }),
    ).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(
      await sendOn(heldSockets[1]!, { workspaceId: ws.id, conversationId: ws.general.id }),
    ).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // They may still learn why, and their pages show it.
    expect(await jsonOf(await restOn(a, held.token, 'GET', `/workspaces/${ws.id}/lockdown`))).toMatchObject({
      status: 200,
      body: { exempt: false, quarantine: { reason: 'Spamming links' }, active: null },
    });

    // Nothing of the workspace reaches their sockets, old or new; everyone else hears as before.
    const late = await connect(b.url, { token: held.token });
    const heard = [...heldSockets, late].map((s) => collect(s, 'message:new', 1000));
    const otherHears = nextEvent(otherSocket, 'message:new');
    expect(await sendOn(adminSocket, { workspaceId: ws.id, conversationId: ws.general.id })).toMatchObject({
      ok: true,
    });
    await otherHears;
    expect((await Promise.all(heard)).flat()).toEqual([]);

    // Offline to the others; only admins see until when.
    const listAs = async (token: string) =>
      (await jsonOf(await restOn(a, token, 'GET', `/workspaces/${ws.id}/members`))).body as unknown as {
        userId: string;
        online: boolean;
        quarantinedUntil: string | null;
      }[];
    const asAdmin = (await listAs(admin.token)).find((m) => m.userId === held.userId);
    expect(asAdmin).toMatchObject({ online: false, quarantinedUntil: started.body.endsAt });
    const asOther = (await listAs(other.token)).find((m) => m.userId === held.userId);
    expect(asOther).toMatchObject({ online: false, quarantinedUntil: null });
    const listed = (
      await jsonOf(await restOn(b, admin.token, 'GET', `/workspaces/${ws.id}/admin/quarantines`))
    ).body;
    expect(listed).toMatchObject([{ userId: held.userId, startedBy: { id: admin.userId } }]);

    // Released: the same sockets hear the workspace again, and sends go through.
    const freed = heldSockets.map((s) => nextEvent(s, 'quarantine', 3000, (p) => p.active === null));
    expect(await jsonOf(await restOn(b, admin.token, 'POST', `${path}/release`, {}))).toMatchObject({
      status: 200,
      body: { released: true },
    });
    await Promise.all(freed);
    const back = heldSockets.map((s) => nextEvent(s, 'message:new'));
    expect(await sendOn(adminSocket, { workspaceId: ws.id, conversationId: ws.general.id })).toMatchObject({
      ok: true,
    });
    await Promise.all(back);
    expect(
      await sendOn(heldSockets[1]!, { workspaceId: ws.id, conversationId: ws.general.id }),
    ).toMatchObject({ ok: true });
    expect((await restOn(a, admin.token, 'POST', `${path}/release`, {})).status).toBe(409);

    const actions = await superQuery<{ action: string }>(
      `SELECT action FROM audit_event WHERE workspace_id = $1 AND action LIKE 'member.quarantine%' ORDER BY seq`,
      [ws.id],
    );
    expect(actions.map((r) => r.action)).toEqual(['member.quarantine', 'member.quarantine_release']);
  });
});
