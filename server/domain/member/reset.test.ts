import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useNodes, useRedis } from '../../../test/nodes';
import { connect, nextDisconnect } from '../../../test/sockets';

// Session reset on two nodes sharing one Redis: every sign-in of the person ends, their sockets on
// both nodes close, neither node still takes their token (each had it cached), the API keys they
// made are revoked, and a widget visitor's session ends the same way.

const redis = useRedis();
const [a, b] = useNodes(redis, ['reset-a', 'reset-b']);

const get = (node: { url: string }, token: string, path: string) =>
  fetch(`${node.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
const reset = (node: { url: string }, token: string, ws: string, userId: string) =>
  fetch(`${node.url}/api/v1/workspaces/${ws}/admin/members/${userId}/reset-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });

describe('session reset', () => {
  it('signs a member out everywhere, on both nodes, and revokes the API keys they made', async () => {
    const ws = await workspaceWith({ admin: 1, member: 1 }, { name: `Reset ${randomUUID().slice(0, 8)}` });
    const [target] = ws.admin;
    const key = await target.api.apiKey.create({
      workspaceId: ws.id,
      name: 'theirs',
      scopes: ['workspace:read'],
    });
    const ownersKey = await ws.api.apiKey.create({
      workspaceId: ws.id,
      name: 'mine',
      scopes: ['workspace:read'],
    });
    // Both nodes have the token and the key in their caches.
    for (const node of [a, b]) {
      expect((await get(node, target.token, `/workspaces/${ws.id}`)).status).toBe(200);
      expect((await get(node, key.key, `/workspaces/${ws.id}`)).status).toBe(200);
    }
    const onA = await connect(a.url, { token: target.token });
    const onB = await connect(b.url, { token: target.token });
    const cut = [nextDisconnect(onA), nextDisconnect(onB)];

    // Nobody resets themselves, an admin cannot reset the owner, a member cannot reset anyone.
    expect((await reset(a, target.token, ws.id, target.userId)).status).toBe(403);
    expect((await reset(a, target.token, ws.id, ws.owner.userId)).status).toBe(403);
    expect((await reset(a, ws.member[0].token, ws.id, target.userId)).status).toBe(403);

    const r = await reset(a, ws.owner.token, ws.id, target.userId);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ sessions: 1, apiKeys: 1, widgetSessions: 0 });
    await Promise.all(cut);
    for (const node of [a, b]) {
      expect((await get(node, target.token, `/workspaces/${ws.id}`)).status).toBe(401);
      expect((await get(node, key.key, `/workspaces/${ws.id}`)).status).toBe(401);
    }
    await expect(connect(b.url, { token: target.token })).rejects.toThrow('UNAUTHORIZED');
    // Nobody else's: the owner's key and the member still work.
    expect((await get(b, ownersKey.key, `/workspaces/${ws.id}`)).status).toBe(200);
    expect((await get(b, ws.member[0].token, `/workspaces/${ws.id}`)).status).toBe(200);
    const [entry] = await superQuery<{ target_id: string; data: unknown }>(
      `SELECT target_id, data FROM audit_event WHERE workspace_id = $1 AND action = 'member.sessions_reset'`,
      [ws.id],
    );
    expect(entry).toEqual({ target_id: target.userId, data: { sessions: 1, apiKeys: 1, widgetSessions: 0 } });
  });

  it('ends a widget visitor’s session and closes its socket', async () => {
    const ws = await workspaceWith({}, { name: `Visit ${randomUUID().slice(0, 8)}` });
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret });
    await supportConversation(ws, visitor);
    const socket = await connect(b.url, { token: visitor.token });
    const cut = nextDisconnect(socket);
    const r = await reset(a, ws.owner.token, ws.id, visitor.userId);
    expect(await r.json()).toEqual({ sessions: 0, apiKeys: 0, widgetSessions: 1 });
    await cut;
    expect((await get(b, visitor.token, `/workspaces/${ws.id}/widget/me`)).status).toBe(401);
  });
});
