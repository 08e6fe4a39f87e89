import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/factories';

// System messages for channel membership: only where the workspace shows them; each takes its
// place in the channel like a message, counts as nothing unread, and cannot be edited.

describe('join and leave messages', () => {
  it('are off by default: joining leaves the channel as it was', async () => {
    const ws = await workspaceWith({ member: 1 });
    const channel = await ws.api.channel.create({
      workspaceId: ws.id,
      name: `quiet-${randomUUID().slice(0, 6)}`,
    });
    await ws.member[0].api.channel.join({ workspaceId: ws.id, channelId: channel.id });
    const page = await ws.api.message.history({ workspaceId: ws.id, conversationId: channel.id });
    expect(page.messages).toEqual([]);
  });

  it('when on, say who joined, left, was added or removed, in order, and are no unread message', async () => {
    const ws = await workspaceWith({ member: 2 });
    const [ann, bob] = ws.member;
    await ws.api.workspace.update({ workspaceId: ws.id, settings: { membershipMessages: true } });
    const channel = await ws.api.channel.create({
      workspaceId: ws.id,
      name: `team-${randomUUID().slice(0, 6)}`,
    });
    await ann.api.channel.join({ workspaceId: ws.id, channelId: channel.id });
    await ws.api.channel.addMember({ workspaceId: ws.id, channelId: channel.id, userId: bob.userId });
    await ann.api.channel.leave({ workspaceId: ws.id, channelId: channel.id });
    await ws.api.channel.removeMember({ workspaceId: ws.id, channelId: channel.id, userId: bob.userId });
    const page = await ws.api.message.history({ workspaceId: ws.id, conversationId: channel.id });
    expect(page.messages.map((m) => [m.event?.type, m.event?.userId, m.authorId, m.body])).toEqual([
      ['joined', ann.userId, ann.userId, null],
      ['added', bob.userId, ws.owner.userId, null],
      ['left', ann.userId, ann.userId, null],
      ['removed', bob.userId, ws.owner.userId, null],
    ]);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    // The owner, still in the channel, has nothing unread from them.
    const states = await ws.api.read.states({ workspaceId: ws.id });
    expect(states.find((s) => s.conversationId === channel.id)).toMatchObject({ unread: 0 });
    // Nobody edits a system message, not even who acted.
    await expect(
      ann.api.message.edit({ workspaceId: ws.id, messageId: page.messages[0]!.id, body: 'rewritten' }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND|PRECONDITION_FAILED|CONFLICT)$/) as unknown,
    });
    // Direct conversations have none.
    const dm = await ann.api.channel.openDirect({ workspaceId: ws.id, userIds: [bob.userId] });
    const dmPage = await ann.api.message.history({ workspaceId: ws.id, conversationId: dm.id });
    expect(dmPage.messages).toEqual([]);
  });
});
