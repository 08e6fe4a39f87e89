import { describe, expect, it } from 'vitest';
import { rooms } from '../../realtime/rooms';
import { callerFor, signUp } from '../../../test/actors';
import { workspaceWith } from '../../../test/factories';
import { collect, connect, joinConversation } from '../../../test/sockets';
import { useTestServer } from '../../../test/server';

const names = (list: { name: string }[]) => list.map((c) => c.name);

describe('channels', () => {
  it('starts every workspace with #general; members join it, guests do not', async () => {
    const ws = await workspaceWith({ member: 1, guest: 1 });
    const { api } = ws;
    const [[member], [guest]] = [ws.member, ws.guest];
    expect(names(await api.channel.list({ workspaceId: ws.id }))).toEqual(['general']);
    const general = (await api.channel.list({ workspaceId: ws.id }))[0]!;
    expect(general).toMatchObject({ isDefault: true, memberCount: 2, myRole: 'member' });
    expect(names(await (await callerFor(member)).channel.list({ workspaceId: ws.id }))).toEqual(['general']);
    expect(await (await callerFor(guest)).channel.list({ workspaceId: ws.id })).toEqual([]);
    await expect(
      api.channel.archive({ workspaceId: ws.id, channelId: general.id, archived: true }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api.channel.leave({ workspaceId: ws.id, channelId: general.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('shows guests only the channels they were added to, and hides private channels from non-members', async () => {
    const ws = await workspaceWith({ member: 1, guest: 1 });
    const { api } = ws;
    const [[member], [guest]] = [ws.member, ws.guest];
    const pub = await api.channel.create({ workspaceId: ws.id, name: 'Random' });
    const priv = await api.channel.create({ workspaceId: ws.id, name: 'secret-plans', isPrivate: true });
    expect(pub).toMatchObject({ name: 'random', myRole: 'moderator', memberCount: 1 });

    const m = await callerFor(member);
    expect(names(await m.channel.list({ workspaceId: ws.id }))).toEqual(['general', 'random']);
    await expect(m.channel.get({ workspaceId: ws.id, channelId: priv.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(m.channel.members({ workspaceId: ws.id, channelId: priv.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(m.channel.join({ workspaceId: ws.id, channelId: priv.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const g = await callerFor(guest);
    await expect(g.channel.get({ workspaceId: ws.id, channelId: pub.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(g.channel.join({ workspaceId: ws.id, channelId: pub.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await api.channel.addMember({ workspaceId: ws.id, channelId: priv.id, userId: guest.userId });
    expect(names(await g.channel.list({ workspaceId: ws.id }))).toEqual(['secret-plans']);
    expect(
      (await g.channel.members({ workspaceId: ws.id, channelId: priv.id })).map((x) => x.userId).sort(),
    ).toEqual(
      [
        guest.userId,
        (await api.member.list({ workspaceId: ws.id })).find((x) => x.role === 'owner')!.userId,
      ].sort(),
    );
  });

  it('keeps names unique regardless of case and leaves managing to moderators', async () => {
    const ws = await workspaceWith({ member: 2, moderator: 1 });
    const { api } = ws;
    const [[creator, other], [moderator]] = [ws.member, ws.moderator];
    const c = await (await callerFor(creator)).channel.create({ workspaceId: ws.id, name: 'design' });
    await expect(api.channel.create({ workspaceId: ws.id, name: 'Design' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(api.channel.create({ workspaceId: ws.id, name: 'no spaces' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });

    const o = await callerFor(other);
    await o.channel.join({ workspaceId: ws.id, channelId: c.id });
    await expect(
      o.channel.update({ workspaceId: ws.id, channelId: c.id, topic: 'mine now' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // The creator moderates the channel; a workspace moderator may too.
    await (await callerFor(creator)).channel.update({ workspaceId: ws.id, channelId: c.id, topic: 'Pixels' });
    const archived = await (
      await callerFor(moderator)
    ).channel.archive({ workspaceId: ws.id, channelId: c.id, archived: true });
    expect(archived.archivedAt).not.toBeNull();
    expect(names(await o.channel.list({ workspaceId: ws.id }))).toEqual(['general']);
    expect(names(await o.channel.list({ workspaceId: ws.id, includeArchived: true }))).toEqual([
      'general',
      'design',
    ]);
    await expect(
      (await callerFor(moderator)).channel.join({ workspaceId: ws.id, channelId: c.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('drops channel memberships when someone leaves the workspace', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api } = ws;
    const [member] = ws.member;
    const c = await api.channel.create({ workspaceId: ws.id, name: 'ops', isPrivate: true });
    await api.channel.addMember({ workspaceId: ws.id, channelId: c.id, userId: member.userId });
    expect((await api.channel.get({ workspaceId: ws.id, channelId: c.id })).memberCount).toBe(2);
    await api.member.remove({ workspaceId: ws.id, userId: member.userId });
    expect((await api.channel.get({ workspaceId: ws.id, channelId: c.id })).memberCount).toBe(1);
    const actions = (await api.audit.list({ workspaceId: ws.id })).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['channel.create', 'channel.member_add', 'member.remove']),
    );
  });
});

describe('direct and group conversations', () => {
  it('gives the same people the same conversation, in any order, and shows it only to them', async () => {
    const ws = await workspaceWith({ member: 2, guest: 1 });
    const { owner, api } = ws;
    const [[a, b], [guest]] = [ws.member, ws.guest];
    const dm = await api.channel.openDirect({ workspaceId: ws.id, userIds: [a.userId] });
    expect(dm.kind).toBe('dm');
    const again = await (
      await callerFor(a)
    ).channel.openDirect({ workspaceId: ws.id, userIds: [owner.userId, a.userId] });
    expect(again.id).toBe(dm.id);

    const group = await api.channel.openDirect({
      workspaceId: ws.id,
      userIds: [b.userId, a.userId, guest.userId],
    });
    expect(group).toMatchObject({ kind: 'group' });
    expect(group.participants).toHaveLength(4);
    const sameGroup = await (
      await callerFor(guest)
    ).channel.openDirect({
      workspaceId: ws.id,
      userIds: [a.userId, owner.userId, b.userId],
    });
    expect(sameGroup.id).toBe(group.id);

    expect((await (await callerFor(b)).channel.listDirect({ workspaceId: ws.id })).map((c) => c.id)).toEqual([
      group.id,
    ]);
    await expect(
      api.channel.openDirect({ workspaceId: ws.id, userIds: [owner.userId] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const stranger = await signUp('Stranger');
    await expect(
      api.channel.openDirect({ workspaceId: ws.id, userIds: [stranger.userId] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      api.channel.openDirect({ workspaceId: ws.id, userIds: Array.from({ length: 8 }, (_, i) => `u${i}`) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('conversations linked to a record', () => {
  it('returns the one conversation per record, joins whoever opens it, and lists by type', async () => {
    const ws = await workspaceWith({ member: 1, guest: 1 });
    const { api } = ws;
    const [[member], [guest]] = [ws.member, ws.guest];
    const inv = await api.channel.getOrCreateBySubject({
      workspaceId: ws.id,
      subject: { type: 'invoice', id: '42' },
      title: 'Invoice 42',
    });
    expect(inv).toMatchObject({
      subject: { type: 'invoice', id: '42' },
      title: 'Invoice 42',
      memberCount: 1,
      joined: true,
    });
    const m = await callerFor(member);
    const same = await m.channel.getOrCreateBySubject({
      workspaceId: ws.id,
      subject: { type: 'invoice', id: '42' },
    });
    expect(same).toMatchObject({ id: inv.id, memberCount: 2, joined: true, title: 'Invoice 42' });
    const other = await m.channel.getOrCreateBySubject({
      workspaceId: ws.id,
      subject: { type: 'order', id: '42' },
    });
    expect(other.id).not.toBe(inv.id);
    expect(
      (await api.channel.listBySubject({ workspaceId: ws.id, type: 'invoice' })).map((c) => c.id),
    ).toEqual([inv.id]);
    await expect(
      (await callerFor(guest)).channel.getOrCreateBySubject({
        workspaceId: ws.id,
        subject: { type: 'invoice', id: '42' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('channel events', () => {
  const app = useTestServer();

  it('announces a private channel only to its members, and a public one to everyone but guests', async () => {
    const ws = await workspaceWith({ member: 2, guest: 1 });
    const { owner, api } = ws;
    const [[insider, outsider], [guest]] = [ws.member, ws.guest];
    const sockets = await Promise.all(
      [owner, insider, outsider, guest].map((u) => connect(app.url, { token: u.token })),
    );
    const [, sIn, sOut, sGuest] = sockets;

    const priv = await api.channel.create({ workspaceId: ws.id, name: 'hush', isPrivate: true });
    const heard = [
      collect(sIn!, 'channel:updated', 700),
      collect(sOut!, 'channel:updated', 700),
      collect(sGuest!, 'channel:updated', 700),
    ];
    await api.channel.addMember({ workspaceId: ws.id, channelId: priv.id, userId: insider.userId });
    const [inGot, outGot, guestGot] = await Promise.all(heard);
    expect(inGot?.map((p) => [p.change, p.channel.name, p.channel.memberCount])).toEqual([
      ['member_added', 'hush', 2],
    ]);
    expect(outGot).toEqual([]);
    expect(guestGot).toEqual([]);

    const heardPublic = [collect(sOut!, 'channel:updated', 700), collect(sGuest!, 'channel:updated', 700)];
    await api.channel.create({ workspaceId: ws.id, name: 'town-square' });
    const [outPublic, guestPublic] = await Promise.all(heardPublic);
    expect(outPublic?.map((p) => [p.change, p.channel.name])).toEqual([['created', 'town-square']]);
    expect(guestPublic).toEqual([]);
  });

  it('takes a removed member out of the channel room at once', async () => {
    const ws = await workspaceWith({ member: 1 });
    const { api } = ws;
    const [member] = ws.member;
    const priv = await api.channel.create({ workspaceId: ws.id, name: 'inner-circle', isPrivate: true });
    await api.channel.addMember({ workspaceId: ws.id, channelId: priv.id, userId: member.userId });
    const s = await connect(app.url, { token: member.token });
    await joinConversation(s, { workspaceId: ws.id, conversationId: priv.id });
    const inRoom = async () =>
      (await app.realtime.io.in(rooms.conversation(ws.id, priv.id)).fetchSockets()).map(
        (x) => x.data.actor.userId,
      );
    expect(await inRoom()).toEqual([member.userId]);
    await api.channel.removeMember({ workspaceId: ws.id, channelId: priv.id, userId: member.userId });
    expect(await inRoom()).toEqual([]);
    // And it cannot come back.
    expect(
      await s.emitWithAck('channel:join', { workspaceId: ws.id, conversationId: priv.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
