import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { collect, connect, nextEvent } from '../../../test/sockets';

// The inbox is live: every teammate's sockets hear when a visitor opens a conversation or writes
// (over the API or a socket), and when someone triages one. Guests hear none of it.

const app = useTestServer();

describe('inbox events', () => {
  it('reach the team, not guests, for visitor messages and triage', async () => {
    const ws = await workspaceWith({ member: ['Live agent'], guest: ['Live guest'] }, { name: 'Inbox live' });
    const [agent, guest] = [ws.member[0], ws.guest[0]];
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret, claims: { sub: 'live-v', name: 'Live Visitor' } });
    const agentSocket = await connect(app.url, { token: agent.token });
    const guestSocket = await connect(app.url, { token: guest.token });
    const guestHears = collect(guestSocket, 'inbox:updated', 2500);

    const opened = nextEvent(agentSocket, 'inbox:updated');
    const conv = await supportConversation(ws, visitor);
    expect((await opened).payload).toEqual({ workspaceId: ws.id, conversationId: conv.id, change: 'opened' });

    // A visitor's message over the API…
    const wrote = nextEvent(agentSocket, 'inbox:updated');
    await visitor.api.message.send({
      workspaceId: ws.id,
      conversationId: conv.id,
      clientMsgId: `l-${randomUUID()}`,
      body: 'hi',
    });
    expect((await wrote).payload).toMatchObject({ conversationId: conv.id, change: 'message' });

    // …and over the visitor's socket (the widget's way), though the agent is not in its room.
    const visitorSocket = await connect(app.url, { token: visitor.token });
    const viaSocket = nextEvent(agentSocket, 'inbox:updated');
    const ack: unknown = await visitorSocket.emitWithAck('message:send', {
      workspaceId: ws.id,
      conversationId: conv.id,
      clientMsgId: `s-${randomUUID()}`,
      body: 'still there?',
    });
    expect(ack).toMatchObject({ ok: true });
    expect((await viaSocket).payload).toMatchObject({ conversationId: conv.id, change: 'message' });

    const assigned = nextEvent(agentSocket, 'inbox:updated');
    await ws.api.inbox.assign({ workspaceId: ws.id, conversationId: conv.id, userId: agent.userId });
    expect((await assigned).payload).toMatchObject({ change: 'assigned' });
    const closed = nextEvent(agentSocket, 'inbox:updated');
    await ws.api.inbox.setStatus({ workspaceId: ws.id, conversationId: conv.id, status: 'closed' });
    expect((await closed).payload).toMatchObject({ change: 'status' });

    // Staff messages are not inbox news (the conversation's room carries them).
    const quiet = collect(agentSocket, 'inbox:updated', 800);
    await ws.api.channel.getOrCreateBySubject({
      workspaceId: ws.id,
      subject: { type: 'visitor', id: visitor.userId },
    });
    await ws.api.message.send({
      workspaceId: ws.id,
      conversationId: conv.id,
      clientMsgId: `o-${randomUUID()}`,
      body: 'from staff',
    });
    expect(await quiet).toEqual([]);
    expect(await guestHears).toEqual([]);
  });
});
