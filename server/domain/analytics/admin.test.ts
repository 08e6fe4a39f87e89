import { describe, expect, it } from 'vitest';
import { connect, nextDisconnect } from '../../../test/sockets';
import { workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';

const app = useTestServer();

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('admin console data', () => {
  it('counts messages and active people per day and ranks channels, for admins only', async () => {
    const ws = await workspaceWith({ member: ['Stats member'] }, { name: 'Stats', owner: 'Stats owner' });
    const { general, api } = ws;
    const [member] = ws.member;
    const m = member.api;
    const busy = await api.channel.create({ workspaceId: ws.id, name: 'busy' });
    await m.channel.join({ workspaceId: ws.id, channelId: busy.id });
    const send = (c: typeof api, conversationId: string, i: number) =>
      c.message.send({
        workspaceId: ws.id,
        conversationId,
        clientMsgId: `stats-${ws.id}-${i}`,
        body: `m${i}`,
      });
    await send(api, general.id, 1);
    for (let i = 2; i <= 4; i++) await send(m, busy.id, i);
    const dm = await api.channel.openDirect({ workspaceId: ws.id, userIds: [member.userId] });
    await send(api, dm.id, 5);

    const stats = await api.admin.analytics({ workspaceId: ws.id, from: daysAgo(6), to: today() });
    expect(stats.days).toHaveLength(7);
    expect(stats.days.at(-1)).toEqual({ day: today(), messages: 5, activeUsers: 2 });
    expect(stats.days.slice(0, 6).every((d) => d.messages === 0)).toBe(true);
    expect(stats.totals).toEqual({ messages: 5, activeUsers: 2 });
    // Channels only: direct messages are nobody's "busiest channel".
    expect(stats.busiestChannels).toEqual([
      { conversationId: busy.id, name: 'busy', messages: 3 },
      { conversationId: general.id, name: 'general', messages: 1 },
    ]);
    await expect(
      api.admin.analytics({ workspaceId: ws.id, from: today(), to: daysAgo(1) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(m.admin.analytics({ workspaceId: ws.id, from: today(), to: today() })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
  });

  it('lists connected members with their socket counts and closes a member’s sockets', async () => {
    const ws = await workspaceWith({ member: ['Conn member'] }, { name: 'Connections', owner: 'Conn owner' });
    const { owner, api } = ws;
    const [member] = ws.member;
    const s1 = await connect(app.url, { token: member.token });
    await connect(app.url, { token: member.token });
    await connect(app.url, { token: owner.token });
    const list = await api.admin.connections({ workspaceId: ws.id });
    expect(list.map((c) => [c.name, c.sockets])).toEqual([
      ['Conn member', 2],
      ['Conn owner', 1],
    ]);
    const gone = nextDisconnect(s1);
    expect(await api.admin.disconnect({ workspaceId: ws.id, userId: member.userId })).toEqual({
      disconnected: 2,
    });
    expect((await gone).reason).toBe('io server disconnect');
    expect((await api.admin.connections({ workspaceId: ws.id })).map((c) => c.name)).toEqual(['Conn owner']);
    // "Last seen": set as the member's sockets went away; the owner is online now.
    let seen = await api.member.list({ workspaceId: ws.id });
    for (let i = 0; i < 40 && !seen.find((x) => x.userId === member.userId)?.lastSeenAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await api.member.list({ workspaceId: ws.id });
    }
    expect(seen.find((x) => x.userId === member.userId)).toMatchObject({
      online: false,
      lastSeenAt: expect.any(String) as unknown,
    });
    expect(seen.find((x) => x.userId === owner.userId)).toMatchObject({ online: true });
    const log = await api.audit.list({ workspaceId: ws.id });
    expect(log.items.some((e) => e.action === 'connections.disconnect' && e.targetId === member.userId)).toBe(
      true,
    );
  });
});
