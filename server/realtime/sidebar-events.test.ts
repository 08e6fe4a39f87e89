import { describe, expect, it } from 'vitest';
import { widgetOn, widgetVisitor, workspaceWith, type TestWorkspace } from '../../test/factories';
import { useTestServer } from '../../test/server';
import { callerFor, collect, connect, nextEvent } from '../../test/sockets';

// What changes a person's sidebar reaches their open sockets at once: new record and visitor
// conversations (for everyone but guests), being added to a channel.

const app = useTestServer();

async function team() {
  const ws = await workspaceWith(
    { member: ['Sidebar staff'], guest: ['Sidebar guest'] },
    { name: 'Sidebars', owner: 'Sidebar owner' },
  );
  const {
    owner,
    member: [staff],
    guest: [guest],
  } = ws;
  return { ws, owner, staff, guest, workspaceId: ws.id, api: owner.api };
}

/** A signed-in widget visitor of the workspace (whose widget this switches on). */
async function visitorOf(ws: TestWorkspace, sub: string) {
  const secret = await widgetOn(ws);
  return (await widgetVisitor(ws, { secret, claims: { sub, name: `Visitor ${sub}` } })).api;
}

describe('sidebar changes, live', () => {
  it("tells staff (not guests) of a widget visitor's new conversation and of a new record conversation", async () => {
    const { ws, staff, guest, workspaceId, api } = await team();
    const staffSocket = await connect(app.url, { token: staff.token });
    const guestSocket = await connect(app.url, { token: guest.token });
    const guestHears = collect(guestSocket, 'conversation:new', 1500);

    const visitor = await visitorOf(ws, 'v-1');
    const heard = nextEvent(staffSocket, 'conversation:new');
    const visit = await visitor.widget.open({ workspaceId });
    expect((await heard).payload).toEqual({
      workspaceId,
      conversationId: visit.id,
      kind: 'subject',
      subjectType: 'visitor',
    });

    const record = nextEvent(staffSocket, 'conversation:new');
    const opened = await api.channel.getOrCreateBySubject({
      workspaceId,
      subject: { type: 'invoice', id: 'INV-1' },
    });
    expect((await record).payload).toMatchObject({ conversationId: opened.id, subjectType: 'invoice' });
    // Opening it again creates nothing new and announces nothing.
    const again = collect(staffSocket, 'conversation:new', 500);
    await (
      await callerFor(staff)
    ).channel.getOrCreateBySubject({
      workspaceId,
      subject: { type: 'invoice', id: 'INV-1' },
    });
    expect(await again).toEqual([]);
    expect(await guestHears).toEqual([]);
  });

  it('stops telling a member demoted to guest, and starts telling a guest promoted to member', async () => {
    const { staff, guest, workspaceId, api } = await team();
    const staffSocket = await connect(app.url, { token: staff.token });
    const guestSocket = await connect(app.url, { token: guest.token });
    await api.member.changeRole({ workspaceId, userId: staff.userId, role: 'guest' });
    await api.member.changeRole({ workspaceId, userId: guest.userId, role: 'member' });
    const demoted = collect(staffSocket, 'conversation:new', 1000);
    const promoted = nextEvent(guestSocket, 'conversation:new');
    await api.channel.getOrCreateBySubject({ workspaceId, subject: { type: 'order', id: 'O-9' } });
    expect((await promoted).payload).toMatchObject({ kind: 'subject', subjectType: 'order' });
    expect(await demoted).toEqual([]);
  });

  it('tells someone added to a private channel at once', async () => {
    const { staff, workspaceId, api } = await team();
    const staffSocket = await connect(app.url, { token: staff.token });
    const secret = await api.channel.create({ workspaceId, name: 'board', isPrivate: true });
    const added = nextEvent(staffSocket, 'channel:updated');
    await api.channel.addMember({ workspaceId, channelId: secret.id, userId: staff.userId });
    expect((await added).payload).toMatchObject({
      workspaceId,
      change: 'member_added',
      channel: { id: secret.id },
    });
  });
});
