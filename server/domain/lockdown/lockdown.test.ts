import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useNodes, useRedis } from '../../../test/nodes';
import { jsonOf, restOn } from '../../../test/http';
import { collect, connect, joinConversation, nextEvent, sendOn, type Client } from '../../../test/sockets';

// Lockdowns on two nodes sharing one Redis: started on one node, in force on the other at once;
// read-only lets members read (and mark read) but not write; full shuts everyone but admins out
// of the workspace's events and calls and disconnects its widget visitors; 423 LOCKED over REST,
// LOCKED over sockets; the owner or two admins lift a full one; it also ends by itself.

const redis = useRedis();
const [a, b] = useNodes(redis, ['lock-a', 'lock-b']);

const lockdown = (ws: { id: string }, token: string, mode: 'read_only' | 'full', minutes = 30) =>
  restOn(a, token, 'POST', `/workspaces/${ws.id}/admin/lockdown`, {
    mode,
    reason: 'Leaked card numbers',
    minutes,
  });
const lift = (node: { url: string }, ws: { id: string }, token: string) =>
  restOn(node, token, 'POST', `/workspaces/${ws.id}/admin/lockdown/lift`, {});
const post = (node: { url: string }, ws: { id: string; general: { id: string } }, token: string) =>
  restOn(node, token, 'POST', `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`, {
    clientMsgId: randomUUID(),
    body: `hello ${randomUUID()}`,
  });

const LOCKED_TEXT =
  /^This workspace is locked down until \d{4}-\d\d-\d\d \d\d:\d\d UTC: Leaked card numbers\. Only admins can /;

describe('lockdown', () => {
  it('read-only: members read but do not write on either node; admins write; lifting lets everyone back', async () => {
    const ws = await workspaceWith({ admin: 1, member: 1 }, { name: `Lock ${randomUUID().slice(0, 8)}` });
    const [admin] = ws.admin;
    const [member] = ws.member;
    const memberSocket = await connect(b.url, { token: member.token });
    await joinConversation(memberSocket, { workspaceId: ws.id, conversationId: ws.general.id });
    // Node b has just read that there is no lockdown (and keeps that for a moment).
    expect((await post(b, ws, member.token)).status).toBe(200);
    const heard = nextEvent(memberSocket, 'workspace:lockdown');

    const started = await jsonOf(await lockdown(ws, admin.token, 'read_only'));
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ mode: 'read_only', startedBy: { id: admin.userId } });
    expect((await heard).payload).toMatchObject({
      workspaceId: ws.id,
      active: { mode: 'read_only', reason: 'Leaked card numbers' },
    });

    // On node b within 2 s (it is told at once; what it read is trusted for a second at most).
    const deadline = Date.now() + 2000;
    let refused = await jsonOf(await post(b, ws, member.token));
    while (refused.status !== 423 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      refused = await jsonOf(await post(b, ws, member.token));
    }
    expect(refused.status).toBe(423);
    expect(refused.body.message).toMatch(LOCKED_TEXT);
    expect(refused.body.message).toMatch(/Only admins can write in it until then\.$/);
    expect(refused.body).toMatchObject({ data: { appCode: 'LOCKED' } });
    const ack = await sendOn(memberSocket, { workspaceId: ws.id, conversationId: ws.general.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Reading, and marking read, go on.
    const history = await restOn(
      b,
      member.token,
      'GET',
      `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`,
    );
    expect(history.status).toBe(200);
    const read = await restOn(
      b,
      member.token,
      'POST',
      `/workspaces/${ws.id}/conversations/${ws.general.id}/read`,
      {
        seq: 0,
      },
    );
    expect(read.status).not.toBe(423);
    expect((await post(b, ws, admin.token)).status).toBe(200);
    // Members learn why; a second lockdown is a conflict.
    expect(await jsonOf(await restOn(b, member.token, 'GET', `/workspaces/${ws.id}/lockdown`))).toMatchObject(
      {
        status: 200,
        body: { active: { mode: 'read_only', reason: 'Leaked card numbers' } },
      },
    );
    expect((await lockdown(ws, ws.owner.token, 'full')).status).toBe(409);
    expect(await jsonOf(await restOn(b, admin.token, 'GET', `/workspaces/${ws.id}/health`))).toMatchObject({
      body: { lockdown: { mode: 'read_only' } },
    });
    // The member may not lift it; any admin may lift a read-only one.
    expect((await lift(b, ws, member.token)).status).toBe(403);
    expect(await jsonOf(await lift(b, ws, admin.token))).toMatchObject({
      status: 200,
      body: { lifted: true },
    });
    expect((await post(a, ws, member.token)).status).toBe(200);
    expect(await sendOn(memberSocket, { workspaceId: ws.id, conversationId: ws.general.id })).toMatchObject({
      ok: true,
    });

    const actions = await superQuery<{ action: string }>(
      `SELECT action FROM audit_event WHERE workspace_id = $1 AND action LIKE 'lockdown.%' ORDER BY seq`,
      [ws.id],
    );
    expect(actions.map((r) => r.action)).toEqual(['lockdown.start', 'lockdown.lift']);
  });

  it('full, with 500 sockets over both nodes: all shut out within 2 s, nothing delivered after, visitors cut', async () => {
    const ws = await workspaceWith({ admin: 1, member: 50 }, { name: `Full ${randomUUID().slice(0, 8)}` });
    const [admin] = ws.admin;
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret });
    await supportConversation(ws, visitor);
    const sockets: Client[] = [];
    for (const [i, m] of ws.member.entries())
      for (let k = 0; k < 10; k++)
        sockets.push(await connect((i + k) % 2 ? b.url : a.url, { token: m.token }));
    await Promise.all(
      sockets.map((s) => joinConversation(s, { workspaceId: ws.id, conversationId: ws.general.id })),
    );
    const adminOnB = await connect(b.url, { token: admin.token });
    await joinConversation(adminOnB, { workspaceId: ws.id, conversationId: ws.general.id });
    const visitorSocket = await connect(a.url, { token: visitor.token });
    const visitorGone = new Promise<void>((r) => visitorSocket.once('disconnect', () => r()));

    const heard = sockets.map((s) => nextEvent(s, 'workspace:lockdown', 5000));
    const alert = nextEvent(adminOnB, 'security:alert', 5000);
    const startedAt = Date.now();
    expect((await lockdown(ws, admin.token, 'full')).status).toBe(200);
    const arrivals = await Promise.all(heard);
    expect(arrivals.every((x) => x.payload.active?.mode === 'full')).toBe(true);
    expect(Math.max(...arrivals.map((x) => x.at)) - startedAt).toBeLessThan(2000);
    expect((await alert).payload).toMatchObject({ workspaceId: ws.id, kind: 'lockdown' });
    await visitorGone;

    // Nothing reaches a shut-out socket; the admin's own sockets go on.
    const got = sockets.map((s) => collect(s, 'message:new', 1000));
    const adminHears = nextEvent(adminOnB, 'message:new', 3000);
    expect((await post(a, ws, admin.token)).status).toBe(200);
    await adminHears;
    expect((await Promise.all(got)).flat()).toEqual([]);
    // Every call is refused, on both nodes and both faces.
    const [m0] = ws.member;
    const read = await jsonOf(
      await restOn(b, m0.token, 'GET', `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`),
    );
    expect(read.status).toBe(423);
    expect(read.body.message).toMatch(/Only admins can open it until then\.$/);
    expect(await sendOn(sockets[0]!, { workspaceId: ws.id, conversationId: ws.general.id })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    expect(await sendOn(sockets[1]!, { workspaceId: ws.id, conversationId: ws.general.id })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    // A new connection is shut out too, and no new visitor gets in.
    const late = await connect(b.url, { token: m0.token });
    const lateGot = collect(late, 'message:new', 800);
    expect((await post(b, ws, admin.token)).status).toBe(200);
    expect(await lateGot).toEqual([]);
    await expect(widgetVisitor(ws, { secret })).rejects.toThrow(/^This chat is paused until /);
    await expect(connect(a.url, { token: visitor.token })).rejects.toThrow('LOCKED');

    // Lifted by the owner: the same sockets hear the workspace again.
    const back = sockets.map((s) => nextEvent(s, 'workspace:lockdown', 5000, (p) => p.active === null));
    expect(await jsonOf(await lift(b, ws, ws.owner.token))).toMatchObject({
      status: 200,
      body: { lifted: true },
    });
    await Promise.all(back);
    const again = sockets.slice(0, 20).map((s) => nextEvent(s, 'message:new', 3000));
    expect((await post(a, ws, admin.token)).status).toBe(200);
    await Promise.all(again);
  });

  it('a member promoted to admin during a full lockdown is let back in at once; a demoted admin is shut out', async () => {
    const ws = await workspaceWith({ admin: 1, member: 1 }, { name: `Promote ${randomUUID().slice(0, 8)}` });
    const [admin] = ws.admin;
    const [member] = ws.member;
    const general = { workspaceId: ws.id, conversationId: ws.general.id };
    const memberSocket = await connect(b.url, { token: member.token });
    const adminSocket = await connect(a.url, { token: admin.token });
    for (const s of [memberSocket, adminSocket]) await joinConversation(s, general);
    expect((await lockdown(ws, admin.token, 'full')).status).toBe(200);
    const shutOut = collect(memberSocket, 'message:new', 800);
    expect((await post(a, ws, admin.token)).status).toBe(200);
    expect(await shutOut).toEqual([]);

    // Promoted on node A: their socket on B hears it, and the workspace's messages again.
    const told = nextEvent(memberSocket, 'member:updated', 3000);
    const role = (node: { url: string }, userId: string, to: 'admin' | 'member') =>
      restOn(node, ws.owner.token, 'PATCH', `/workspaces/${ws.id}/members/${userId}`, { role: to });
    expect((await role(a, member.userId, 'admin')).status).toBe(200);
    expect((await told).payload).toMatchObject({
      userId: member.userId,
      role: 'admin',
      reason: 'role_changed',
    });
    const heard = nextEvent(memberSocket, 'message:new', 3000);
    expect((await post(a, ws, ws.owner.token)).status).toBe(200);
    await heard;

    // The other admin demoted to member: shut out like everyone else.
    const demoted = nextEvent(adminSocket, 'member:updated', 3000);
    expect((await role(b, admin.userId, 'member')).status).toBe(200);
    await demoted;
    const nothing = collect(adminSocket, 'message:new', 800);
    expect((await post(b, ws, ws.owner.token)).status).toBe(200);
    expect(await nothing).toEqual([]);
  });

  it('a full lockdown is lifted by the owner or by two admins, extended by the owner, and ends by itself', async () => {
    const ws = await workspaceWith({ admin: 2, member: 1 }, { name: `Two ${randomUUID().slice(0, 8)}` });
    const [first, second] = ws.admin;
    const [member] = ws.member;
    expect((await lockdown(ws, first.token, 'full', 10)).status).toBe(200);

    // The first admin only asks (twice changes nothing); the second one's confirmation lifts it.
    expect(await jsonOf(await lift(a, ws, first.token))).toMatchObject({
      body: { lifted: false, active: { liftRequestedBy: { id: first.userId } } },
    });
    expect(await jsonOf(await lift(b, ws, first.token))).toMatchObject({ body: { lifted: false } });
    expect((await post(b, ws, member.token)).status).toBe(423);
    expect(await jsonOf(await lift(b, ws, second.token))).toMatchObject({
      body: { lifted: true, active: null },
    });
    expect((await post(b, ws, member.token)).status).toBe(200);

    // Only the owner extends; at most a week from now.
    expect((await lockdown(ws, first.token, 'full', 10)).status).toBe(200);
    const extendBy = (token: string, minutes: number) =>
      restOn(a, token, 'POST', `/workspaces/${ws.id}/admin/lockdown/extend`, { minutes });
    expect((await extendBy(first.token, 10)).status).toBe(403);
    const extended = await jsonOf(await extendBy(ws.owner.token, 10_080));
    expect(extended.status).toBe(200);
    const endsAt = Date.parse(extended.body.endsAt as string);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 10_080 * 60_000);
    expect(endsAt).toBeGreaterThan(Date.now() + 10_070 * 60_000);
    expect((await extendBy(ws.owner.token, 0)).status).toBe(400);

    // Past its end (moved back here), it is over on every node within a second, with no event.
    await superQuery(
      `UPDATE lockdown SET ends_at = now() - interval '1 second', started_at = now() - interval '1 hour' WHERE workspace_id = $1 AND ended_at IS NULL`,
      [ws.id],
    );
    await new Promise((r) => setTimeout(r, 1200));
    expect((await post(a, ws, member.token)).status).toBe(200);
    expect((await post(b, ws, member.token)).status).toBe(200);
    const state = await jsonOf(await restOn(a, ws.owner.token, 'GET', `/workspaces/${ws.id}/admin/lockdown`));
    expect(state.body).toMatchObject({ active: null });
    expect((state.body.history as unknown[]).length).toBe(2);
    // And the next one may start.
    expect((await lockdown(ws, first.token, 'read_only', 5)).status).toBe(200);
  });
});
