import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceWith, type Person, type TestWorkspace } from '../../../test/factories';

// Which messages notify whom: mentions, replies in a thread one wrote in, direct messages, every
// message where someone asked for that, being added to a channel; and the levels and mutes that
// turn them down, per kind of conversation and per conversation.

let ws: TestWorkspace<{ member: 4 }>;
let alice: Person, bob: Person, carol: Person, dave: Person;
beforeAll(async () => {
  ws = await workspaceWith({ member: 4 }, { name: `Kinds ${randomUUID().slice(0, 6)}` });
  [alice, bob, carol, dave] = ws.member;
});

const say = async (who: Person, body: string, conversationId = ws.general.id, parentId?: string) =>
  (
    await who.api.message.send({
      workspaceId: ws.id,
      conversationId,
      clientMsgId: `k-${randomUUID()}`,
      body,
      ...(parentId && { parentId }),
    })
  ).message;
/** What `who` was notified of about this message (kinds). */
const about = async (who: Person, messageId: string) =>
  (await who.api.notification.list({ workspaceId: ws.id, unreadOnly: false, limit: 100 }))
    .filter((n) => n.messageId === messageId)
    .map((n) => ({ kind: n.kind, actorId: n.actorId }));

describe('what notifies', () => {
  it('a direct message notifies the other person, unless they turned direct messages down', async () => {
    const dm = await alice.api.channel.openDirect({ workspaceId: ws.id, userIds: [bob.userId] });
    const first = await say(alice, 'hello there', dm.id);
    expect(await about(bob, first.id)).toEqual([{ kind: 'direct', actorId: alice.userId }]);
    expect(await about(alice, first.id)).toEqual([]);

    await bob.api.notification.updatePreferences({ workspaceId: ws.id, levels: { direct: 'mentions' } });
    const second = await say(alice, 'still there?', dm.id);
    expect(await about(bob, second.id)).toEqual([]);
    // A mention gets through "mentions".
    const third = await say(alice, `<@${bob.userId}> ping`, dm.id);
    expect(await about(bob, third.id)).toEqual([{ kind: 'mention', actorId: alice.userId }]);
    await bob.api.notification.updatePreferences({ workspaceId: ws.id, levels: { direct: 'all' } });
  });

  it('a reply notifies the thread’s author and those who replied, not the rest of the channel', async () => {
    const root = await say(bob, 'a thread about lunch');
    await say(carol, 'count me in', ws.general.id, root.id);
    const reply = await say(alice, 'me too', ws.general.id, root.id);
    expect(await about(bob, reply.id)).toEqual([{ kind: 'reply', actorId: alice.userId }]);
    expect(await about(carol, reply.id)).toEqual([{ kind: 'reply', actorId: alice.userId }]);
    expect(await about(dave, reply.id)).toEqual([]);
    expect(await about(alice, reply.id)).toEqual([]);
  });

  it('“every message” in a channel notifies top-level messages, not other people’s threads', async () => {
    await dave.api.notification.setConversationPreference({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      level: 'all',
      mutedUntil: null,
    });
    const top = await say(alice, 'news for everyone');
    expect(await about(dave, top.id)).toEqual([{ kind: 'message', actorId: alice.userId }]);
    // Others in the channel are at the default, mentions.
    expect(await about(carol, top.id)).toEqual([]);
    const reply = await say(carol, 'in a thread', ws.general.id, top.id);
    expect(await about(dave, reply.id)).toEqual([]);
    const overrides = await dave.api.notification.conversationPreferences({ workspaceId: ws.id });
    expect(overrides).toEqual([{ conversationId: ws.general.id, level: 'all', mutedUntil: null }]);
  });

  it('a muted conversation notifies nothing until the mute ends; “nothing” silences mentions too', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await carol.api.notification.setConversationPreference({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      level: null,
      mutedUntil: until,
    });
    const muted = await say(alice, `<@${carol.userId}> are you around?`);
    expect(await about(carol, muted.id)).toEqual([]);
    // Unmuting (both cleared) removes the override.
    await carol.api.notification.setConversationPreference({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      level: null,
      mutedUntil: null,
    });
    expect(await carol.api.notification.conversationPreferences({ workspaceId: ws.id })).toEqual([]);
    const heard = await say(alice, `<@${carol.userId}> now?`);
    expect(await about(carol, heard.id)).toEqual([{ kind: 'mention', actorId: alice.userId }]);

    await carol.api.notification.updatePreferences({ workspaceId: ws.id, levels: { channel: 'nothing' } });
    const silent = await say(alice, `<@${carol.userId}> hello?`);
    expect(await about(carol, silent.id)).toEqual([]);
    await carol.api.notification.updatePreferences({ workspaceId: ws.id, levels: { channel: 'mentions' } });
  });

  it('being added to a channel by someone else notifies; joining it oneself does not', async () => {
    const channel = await ws.api.channel.create({
      workspaceId: ws.id,
      name: `k-${randomUUID().slice(0, 6)}`,
      isPrivate: true,
    });
    await ws.api.channel.addMember({ workspaceId: ws.id, channelId: channel.id, userId: dave.userId });
    const list = await dave.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 100 });
    const added = list.filter((n) => n.kind === 'added' && n.conversationId === channel.id);
    expect(added).toEqual([expect.objectContaining({ actorId: ws.owner.userId, messageId: null })]);
    // Adding them again is no news.
    await ws.api.channel.addMember({ workspaceId: ws.id, channelId: channel.id, userId: dave.userId });
    const again = await dave.api.notification.list({ workspaceId: ws.id, unreadOnly: true, limit: 100 });
    expect(again.filter((n) => n.kind === 'added' && n.conversationId === channel.id)).toHaveLength(1);
  });
});

describe('preferences', () => {
  it('start at the defaults and keep what is not changed', async () => {
    const other = await workspaceWith({ member: 1 });
    const fresh = other.member[0];
    const wsId = other.id;
    const prefs = await fresh.api.notification.preferences({ workspaceId: wsId });
    expect(prefs).toEqual({
      levels: { channel: 'mentions', direct: 'all', subject: 'mentions' },
      email: 'every15',
      emailOff: [],
      push: true,
      quietHours: null,
      timeZone: 'UTC',
    });
    const next = await fresh.api.notification.updatePreferences({
      workspaceId: wsId,
      quietHours: { start: 1320, end: 420 },
      timeZone: 'America/New_York',
    });
    expect(next).toMatchObject({
      email: 'every15',
      quietHours: { start: 1320, end: 420 },
      timeZone: 'America/New_York',
    });
  });

  it('refuse a time zone that does not exist, quiet hours of no length, and a level that is not one, changing nothing', async () => {
    const before = await alice.api.notification.preferences({ workspaceId: ws.id });
    for (const bad of [
      { timeZone: 'Mars/Olympus' },
      { quietHours: { start: 600, end: 600 } },
      { quietHours: { start: -1, end: 600 } },
      { levels: { channel: 'loud' } },
      { email: 'weekly' },
      { emailOff: ['marketing'] },
    ])
      await expect(
        alice.api.notification.updatePreferences({ workspaceId: ws.id, ...(bad as object) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await alice.api.notification.preferences({ workspaceId: ws.id })).toEqual(before);
  });

  it('a conversation the person is not in is NOT_FOUND', async () => {
    const secret = await ws.api.channel.create({
      workspaceId: ws.id,
      name: `s-${randomUUID().slice(0, 6)}`,
      isPrivate: true,
    });
    await expect(
      alice.api.notification.setConversationPreference({
        workspaceId: ws.id,
        conversationId: secret.id,
        level: 'all',
        mutedUntil: null,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
