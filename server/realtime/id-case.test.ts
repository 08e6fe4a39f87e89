import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/server';
import { workspaceWith } from '../../test/factories';
import { connect, joinConversation, nextEvent } from '../../test/sockets';

// Socket payloads name workspaces and conversations by id; an upper-case spelling is the same id
// (z.uuid() accepts it), so it must reach the same rooms, rows and keys as the lower-case one.

const app = useTestServer();

const up = (id: string) => id.toUpperCase();

describe('ids spelled in upper case over sockets', () => {
  it('join the same room and send into the same conversation as lower case', async () => {
    const ws = await workspaceWith({ member: ['Case alice'] }, { name: 'Case', owner: 'Case owner' });
    const { owner, general, id: workspaceId } = ws;
    const [alice] = ws.member;
    const api = owner.api;

    // Alice joins with upper-case ids; the owner sends with lower case, then with upper case.
    const receiver = await connect(app.url, { token: alice.token });
    const joined: unknown = await receiver.emitWithAck('channel:join', {
      workspaceId: up(workspaceId),
      conversationId: up(general.id),
    });
    expect(joined).toMatchObject({ ok: true, data: { conversationId: general.id } });
    const sender = await connect(app.url, { token: owner.token });
    await joinConversation(sender, { workspaceId, conversationId: general.id });

    const first = nextEvent(receiver, 'message:new');
    expect(
      await sender.emitWithAck('message:send', {
        workspaceId,
        conversationId: general.id,
        clientMsgId: 'case-lower-0001',
        body: 'sent with lower-case ids',
      }),
    ).toMatchObject({ ok: true });
    expect((await first).payload).toMatchObject({ workspaceId, body: 'sent with lower-case ids' });

    const second = nextEvent(receiver, 'message:new');
    const ack: unknown = await sender.emitWithAck('message:send', {
      workspaceId: up(workspaceId),
      conversationId: up(general.id),
      clientMsgId: 'case-upper-0001',
      body: 'sent with upper-case ids',
    });
    expect(ack).toMatchObject({ ok: true, data: { message: { conversationId: general.id } } });
    expect((await second).payload).toMatchObject({
      workspaceId,
      conversationId: general.id,
      body: 'sent with upper-case ids',
    });

    // Stored under the one id and readable (the text is bound to the lower-case workspace id).
    const history = await api.message.history({ workspaceId, conversationId: general.id });
    expect(history.messages.map((m) => [m.body, m.undecryptable])).toEqual([
      ['sent with lower-case ids', false],
      ['sent with upper-case ids', false],
    ]);
    const read: unknown = await receiver.emitWithAck('read:mark', {
      workspaceId: up(workspaceId),
      conversationId: up(general.id),
      seq: 2,
    });
    expect(read).toMatchObject({ ok: true, data: { conversationId: general.id, lastReadSeq: 2 } });
  });
});
