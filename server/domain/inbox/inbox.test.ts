import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import {
  supportConversation,
  WIDGET_HOST,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type TestWorkspace,
} from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';

// The support inbox as the team works it: what waits, who has it, and what a visitor's message
// after a snooze or a close does. Real PostgreSQL, through the API as the app calls it.

useTestServer();

async function team(name: string) {
  const ws = await workspaceWith(
    { member: [`${name} agent`, `${name} second`], guest: [`${name} guest`] },
    { name, owner: `${name} owner` },
  );
  const secret = await widgetOn(ws, { anonymous: true });
  const visitor = (sub: string, subjects: { type: string; id: string }[] = []) =>
    widgetVisitor(ws, {
      secret,
      claims: { sub, name: `Visitor ${sub}`, email: `${sub}@host.example`, subjects },
    });
  return { ws, agent: ws.member[0], second: ws.member[1], guest: ws.guest[0], visitor };
}

const say = (ws: TestWorkspace, who: { api: TestWorkspace['api'] }, conversationId: string, body: string) =>
  who.api.message.send({ workspaceId: ws.id, conversationId, clientMsgId: `t-${randomUUID()}`, body });

const ids = (items: { conversationId: string }[]) => items.map((i) => i.conversationId);

describe('the support inbox', () => {
  it('lists a visitor who wrote as waiting, unassigned and open, with a preview and where they wrote from', async () => {
    const { ws, agent, visitor } = await team('Inbox one');
    const vera = await visitor('vera');
    const conv = await supportConversation(ws, vera, {
      messages: ['Hi, my invoice is wrong', `Can <@${agent.userId}> help?`],
      pageUrl: `${WIDGET_HOST}/billing?tab=invoices`,
    });
    const [item, ...rest] = await agent.api.inbox.list({ workspaceId: ws.id, filter: 'unassigned' });
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      conversationId: conv.id,
      status: 'open',
      assignee: null,
      visitor: { userId: vera.userId, name: 'Visitor vera', anonymous: false },
      // Mentions by name, never a raw <@id>.
      last: { fromVisitor: true, preview: `Can @${agent.name} help?` },
      joined: false,
    });
    expect(item!.waitingSince).not.toBeNull();
    expect(await agent.api.inbox.counts({ workspaceId: ws.id })).toEqual({
      mine: 0,
      unassigned: 1,
      all: 1,
      snoozed: 0,
      closed: 0,
      waiting: 1,
    });
    const detail = await agent.api.inbox.get({ workspaceId: ws.id, conversationId: conv.id });
    expect(detail).toMatchObject({
      pageUrl: `${WIDGET_HOST}/billing?tab=invoices`,
      hostOrigin: WIDGET_HOST,
      visitor: { email: 'vera@host.example', externalId: 'vera', anonymous: false },
      earlier: [],
    });
  });

  it('keeps a page only when it is on the host the widget session started from', async () => {
    const { ws, agent, visitor } = await team('Inbox page');
    const conv = await supportConversation(ws, await visitor('pia'), {
      pageUrl: 'https://evil.example/login',
    });
    expect(await agent.api.inbox.get({ workspaceId: ws.id, conversationId: conv.id })).toMatchObject({
      pageUrl: null,
    });
  });

  it('replying joins and takes an unassigned conversation; the answer ends the wait', async () => {
    const { ws, agent, second, visitor } = await team('Inbox two');
    const conv = await supportConversation(ws, await visitor('bo'), { messages: ['Anyone there?'] });
    expect(await agent.api.inbox.join({ workspaceId: ws.id, conversationId: conv.id })).toEqual({
      ok: true,
      assigneeId: agent.userId,
    });
    await say(ws, agent, conv.id, 'Yes, how can I help?');
    const [mine] = await agent.api.inbox.list({ workspaceId: ws.id, filter: 'mine' });
    expect(mine).toMatchObject({
      conversationId: conv.id,
      joined: true,
      waitingSince: null,
      last: { fromVisitor: false },
    });
    expect(ids(await agent.api.inbox.list({ workspaceId: ws.id, filter: 'unassigned' }))).toEqual([]);
    // A second teammate who joins later does not take it over.
    expect(await second.api.inbox.join({ workspaceId: ws.id, conversationId: conv.id })).toEqual({
      ok: true,
      assigneeId: agent.userId,
    });
    expect(ids(await second.api.inbox.list({ workspaceId: ws.id, filter: 'mine' }))).toEqual([]);
  });

  it('puts the longest wait first, then the rest by latest activity', async () => {
    const { ws, agent, visitor } = await team('Inbox order');
    const first = await supportConversation(ws, await visitor('first'), { messages: ['first!'] });
    const answered = await supportConversation(ws, await visitor('answered'), { messages: ['hello'] });
    const second = await supportConversation(ws, await visitor('second'), { messages: ['second'] });
    await agent.api.inbox.join({ workspaceId: ws.id, conversationId: answered.id });
    await say(ws, agent, answered.id, 'answered');
    // The first visitor writes again: their wait started with their first unanswered message.
    const firstVisitorMessage = await agent.api.inbox.get({ workspaceId: ws.id, conversationId: first.id });
    const all = await agent.api.inbox.list({ workspaceId: ws.id, filter: 'all' });
    expect(ids(all)).toEqual([first.id, second.id, answered.id]);
    expect(all[0]!.waitingSince).toBe(firstVisitorMessage.waitingSince);
  });

  it('a close or snooze holds until the visitor writes again or the snooze ends', async () => {
    const { ws, agent, visitor } = await team('Inbox status');
    const v = await visitor('sam');
    const conv = await supportConversation(ws, v, { messages: ['thanks, all good'] });
    const ref = { workspaceId: ws.id, conversationId: conv.id };
    await agent.api.inbox.setStatus({ ...ref, status: 'closed' });
    expect(ids(await agent.api.inbox.list({ workspaceId: ws.id, filter: 'all' }))).toEqual([]);
    expect(ids(await agent.api.inbox.list({ workspaceId: ws.id, filter: 'closed' }))).toEqual([conv.id]);

    // The sidebar's "waiting for a reply" mark follows the same rule.
    const awaiting = async () =>
      (await agent.api.channel.listBySubject({ workspaceId: ws.id, type: 'visitor' })).find(
        (c) => c.id === conv.id,
      )?.awaitingReply;
    expect(await awaiting()).toBe(false);

    await say(ws, v, conv.id, 'actually, one more thing');
    expect(await awaiting()).toBe(true);
    expect(await agent.api.inbox.get(ref)).toMatchObject({
      status: 'open',
      last: { preview: 'actually, one more thing' },
    });

    const until = new Date(Date.now() + 3_600_000).toISOString();
    await agent.api.inbox.setStatus({ ...ref, status: 'snoozed', snoozedUntil: until });
    const [snoozed] = await agent.api.inbox.list({ workspaceId: ws.id, filter: 'snoozed' });
    expect(snoozed).toMatchObject({
      conversationId: conv.id,
      status: 'snoozed',
      snoozedUntil: until,
      waitingSince: null,
    });
    // The snooze runs out (moved into the past as the clock would).
    await superQuery(
      `UPDATE support_conversation SET snoozed_until = now() - interval '1 second' WHERE conversation_id = $1`,
      [conv.id],
    );
    expect(await agent.api.inbox.get(ref)).toMatchObject({ status: 'open', snoozedUntil: null });
    // Every change is in the audit log, with who made it.
    const log = await ws.api.audit.list({ workspaceId: ws.id, action: 'support.status_change' });
    expect(log.items.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'open', to: 'closed' }),
        expect.objectContaining({ to: 'snoozed' }),
      ]),
    );
  });

  it('lists the visitor’s earlier conversations beside the current one, and nobody else’s', async () => {
    const { ws, agent, visitor } = await team('Inbox earlier');
    const ann = await visitor('ann', [{ type: 'order', id: '7' }]);
    const own = await supportConversation(ws, ann, { messages: ['first question'] });
    const order = await ann.api.widget.open({ workspaceId: ws.id, subject: { type: 'order', id: '7' } });
    await supportConversation(ws, await visitor('other'), { messages: ['not ann'] });
    const detail = await agent.api.inbox.get({ workspaceId: ws.id, conversationId: order.id });
    expect(detail.subject).toEqual({ type: 'order', id: '7' });
    expect(detail.earlier.map((e) => e.conversationId)).toEqual([own.id]);
  });

  it('refuses bad changes with a clear error and changes nothing', async () => {
    const { ws, agent, guest, visitor } = await team('Inbox refusals');
    const v = await visitor('rex');
    const conv = await supportConversation(ws, v, { messages: ['hello'] });
    const ref = { workspaceId: ws.id, conversationId: conv.id };
    const before = await superQuery(
      'SELECT s::text AS row FROM support_conversation s WHERE conversation_id = $1',
      [conv.id],
    );
    await refusedWith(agent.api.inbox.assign({ ...ref, userId: guest.userId }), 'BAD_REQUEST', /teammate/);
    await refusedWith(agent.api.inbox.assign({ ...ref, userId: v.userId }), 'BAD_REQUEST', /teammate/);
    await refusedWith(agent.api.inbox.setStatus({ ...ref, status: 'snoozed' }), 'BAD_REQUEST', /until when/);
    await refusedWith(
      agent.api.inbox.setStatus({
        ...ref,
        status: 'snoozed',
        snoozedUntil: new Date(Date.now() + 1000).toISOString(),
      }),
      'BAD_REQUEST',
      /at least five minutes/,
    );
    await refusedWith(
      agent.api.inbox.setStatus({ ...ref, status: 'closed', snoozedUntil: new Date().toISOString() }),
      'BAD_REQUEST',
    );
    // A channel is no support conversation.
    await refusedWith(
      agent.api.inbox.setStatus({ workspaceId: ws.id, conversationId: ws.general.id, status: 'closed' }),
      'NOT_FOUND',
    );
    // Guests and visitors do not reach the inbox at all.
    await refusedWith(guest.api.inbox.list({ workspaceId: ws.id }), 'FORBIDDEN');
    await refusedWith(v.api.inbox.get(ref), 'FORBIDDEN');
    expect(
      await superQuery('SELECT s::text AS row FROM support_conversation s WHERE conversation_id = $1', [
        conv.id,
      ]),
    ).toEqual(before);
  });
});
