import { beforeAll, describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import {
  conversation,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type Person,
  type TestWorkspace,
} from '../../../test/factories';
import { authHeader } from '../../../test/http';
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';

// Widget visitors are guests of the workspace, but anonymous outsiders: the team's people lists
// leave them out unless asked, and they cannot be put into the team's channels or direct messages.

const app = useTestServer();
let ws: TestWorkspace<{ member: 1 }>;
let visitor: Person;
beforeAll(async () => {
  ws = await workspaceWith({ member: 1 }, { name: 'Staff lists' });
  const secret = await widgetOn(ws);
  visitor = await widgetVisitor(ws, { secret, claims: { name: 'Vera Visitor', email: 'vera@host.example' } });
});

const ids = (list: { userId: string }[]) => list.map((m) => m.userId).sort();

describe('member.list and widget visitors', () => {
  it('leaves visitors out by default and lists them, flagged, when asked', async () => {
    const team = [ws.owner.userId, ws.member[0].userId].sort();
    const plain = await ws.api.member.list({ workspaceId: ws.id });
    expect(ids(plain)).toEqual(team);
    expect(plain.every((m) => !m.visitor)).toBe(true);
    expect(ids(await ws.api.member.list({ workspaceId: ws.id, includeVisitors: false }))).toEqual(team);

    const all = await ws.api.member.list({ workspaceId: ws.id, includeVisitors: true });
    expect(ids(all)).toEqual([...team, visitor.userId].sort());
    expect(all.find((m) => m.userId === visitor.userId)).toMatchObject({
      name: 'Vera Visitor',
      role: 'guest',
      visitor: true,
      email: 'vera@host.example',
    });
    expect(all.filter((m) => m.visitor)).toHaveLength(1);
  });

  it('reads includeVisitors from the REST query string', async () => {
    const get = async (query: string) => {
      const r = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/members${query}`, {
        headers: authHeader(ws.owner),
      });
      return { status: r.status, json: (await r.json()) as { userId: string; visitor: boolean }[] };
    };
    const on = await get('?includeVisitors=true');
    const off = await get('?includeVisitors=false');
    const plain = await get('');
    expect(on.status).toBe(200);
    expect(on.json.find((m) => m.userId === visitor.userId)).toMatchObject({ visitor: true });
    // "false" is false, and leaving it out is the same.
    expect(off.status).toBe(200);
    expect(off.json.map((m) => m.userId)).not.toContain(visitor.userId);
    expect(ids(plain.json)).toEqual(ids(off.json));
    expect((await get('?includeVisitors=maybe')).status).toBe(400);
  });
});

describe('visitors stay out of the team conversations', () => {
  const rowsOf = async (userId: string) =>
    (
      await superQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM conversation_member WHERE workspace_id = $1 AND user_id = $2`,
        [ws.id, userId],
      )
    )[0]?.n;

  it('refuses to add a visitor to a channel, and adds nothing', async () => {
    const before = await rowsOf(visitor.userId);
    const internal = await conversation(ws, { kind: 'channel', name: 'internal', private: true });
    for (const channelId of [internal.id, ws.general.id])
      await refusedWith(
        ws.api.channel.addMember({ workspaceId: ws.id, channelId, userId: visitor.userId }),
        'FORBIDDEN',
        /Widget visitors cannot be added to channels/,
        'FORBIDDEN',
      );
    expect(await rowsOf(visitor.userId)).toBe(before);
    // The same call still adds a member of the team.
    await ws.api.channel.addMember({
      workspaceId: ws.id,
      channelId: internal.id,
      userId: ws.member[0].userId,
    });
    const [added] = await superQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversation_member WHERE conversation_id = $1 AND user_id = $2`,
      [internal.id, ws.member[0].userId],
    );
    expect(added?.n).toBe(1);
  });

  it('refuses a direct or group conversation with a visitor, and opens nothing', async () => {
    const count = async () =>
      (
        await superQuery<{ n: number }>(
          `SELECT count(*)::int AS n FROM conversation WHERE workspace_id = $1 AND kind IN ('dm', 'group')`,
          [ws.id],
        )
      )[0]?.n;
    const before = await count();
    for (const userIds of [[visitor.userId], [ws.member[0].userId, visitor.userId]])
      await refusedWith(
        ws.api.channel.openDirect({ workspaceId: ws.id, userIds }),
        'FORBIDDEN',
        /Widget visitors cannot be in direct messages/,
      );
    expect(await count()).toBe(before);
    await ws.api.channel.openDirect({ workspaceId: ws.id, userIds: [ws.member[0].userId] });
    expect(await count()).toBe((before ?? 0) + 1);
  });
});
