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
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';

// Widget visitors are guests of the workspace, but anonymous outsiders: they cannot be put into
// the team's channels or direct messages.

useTestServer();
let ws: TestWorkspace<{ member: 1 }>;
let visitor: Person;
beforeAll(async () => {
  ws = await workspaceWith({ member: 1 }, { name: 'Staff lists' });
  const secret = await widgetOn(ws);
  visitor = await widgetVisitor(ws, { secret, claims: { name: 'Vera Visitor', email: 'vera@host.example' } });
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
