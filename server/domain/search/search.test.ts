import { describe, expect, it } from 'vitest';
import { message, workspaceWith } from '../../../test/factories';
import { cleanPendingTokens } from './index-cleaner';
import { testRuntime } from '../../../test/runtime';

const setup = async () => {
  const ws = await workspaceWith({ member: ['Search member'], guest: ['Search guest'] }, { name: 'Search' });
  const [[member], [guest]] = [ws.member, ws.guest];
  return { ws, api: ws.api, general: ws.general, member, guest };
};

describe('search over encrypted messages', () => {
  it('merges the pending tokens of new messages into the index in the background, and still finds them', async () => {
    const { api, ws, general } = await setup();
    // Whatever earlier tests left pending goes first, so the figure below is this test's own.
    await cleanPendingTokens(testRuntime().db.admin);
    for (let i = 0; i < 20; i++) {
      await message(ws, general, { body: `pending list entry number ${i} with quarterly figures` });
    }
    expect(await cleanPendingTokens(testRuntime().db.admin)).toBeGreaterThan(0);
    expect(await cleanPendingTokens(testRuntime().db.admin)).toBe(0);
    expect(await api.search.messages({ workspaceId: ws.id, query: 'quarterly figu' })).toHaveLength(20);
  });

  it('finds whole words and prefixes of 3+ characters, folding case and accents, newest first', async () => {
    const { api, ws, general } = await setup();
    const send = (body: string) => message(ws, general, { body });
    const m1 = await send('The Café opens on Monday');
    const m2 = await send('cafeteria menu for monday');
    await send('Nothing relevant here');
    const q = (query: string) =>
      api.search.messages({ workspaceId: ws.id, query }).then((r) => r.map((m) => m.id));
    expect(await q('cafe')).toEqual([m2.id, m1.id]);
    expect(await q('CAFÉ monday')).toEqual([m2.id, m1.id]);
    expect(await q('caf')).toEqual([m2.id, m1.id]);
    expect(await q('cafeteria')).toEqual([m2.id]);
    expect(await q('opens mon')).toEqual([m1.id]);
    expect(await q('tuesday')).toEqual([]);
    const [hit] = await api.search.messages({ workspaceId: ws.id, query: 'opens' });
    expect(hit).toMatchObject({ body: 'The Café opens on Monday', conversationName: 'general' });
    await expect(api.search.messages({ workspaceId: ws.id, query: '!!' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('filters by conversation, author, date and threads', async () => {
    const { api, ws, general, member } = await setup();
    const other = await api.channel.create({ workspaceId: ws.id, name: 'other' });
    await member.api.channel.join({ workspaceId: ws.id, channelId: other.id });
    const root = await message(ws, general, { body: 'budget root' });
    const reply = await message(ws, general, { author: member, body: 'budget reply', parentId: root.id });
    const elsewhere = await message(ws, other, { author: member, body: 'budget other' });
    const q = (extra: Record<string, unknown>) =>
      api.search.messages({ workspaceId: ws.id, query: 'budget', ...extra }).then((r) => r.map((m) => m.id));
    expect(await q({})).toEqual([elsewhere.id, reply.id, root.id]);
    expect(await q({ conversationId: other.id })).toEqual([elsewhere.id]);
    expect(await q({ authorId: member.userId })).toEqual([elsewhere.id, reply.id]);
    expect(await q({ inThreads: true })).toEqual([reply.id]);
    expect(await q({ inThreads: false })).toEqual([elsewhere.id, root.id]);
    expect(await q({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await q({ to: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(3);
    await expect(
      q({ from: new Date().toISOString(), to: new Date(Date.now() - 60_000).toISOString() }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('never returns a message the caller cannot read, and nothing once deleted', async () => {
    const { api, ws, general, member, guest } = await setup();
    const secret = await api.channel.create({ workspaceId: ws.id, name: 'secret', isPrivate: true });
    const hidden = await message(ws, secret, { body: 'zebra secret' });
    const open = await message(ws, general, { body: 'zebra open' });
    const ids = (c: typeof api, extra: Record<string, unknown> = {}) =>
      c.search.messages({ workspaceId: ws.id, query: 'zebra', ...extra }).then((r) => r.map((m) => m.id));
    expect(await ids(api)).toEqual([open.id, hidden.id]);
    expect(await ids(member.api)).toEqual([open.id]);
    expect(await ids(member.api, { conversationId: secret.id })).toEqual([]);
    // Guests see only conversations they are in (#general is not one of them).
    expect(await ids(guest.api)).toEqual([]);
    await api.message.delete({ workspaceId: ws.id, messageId: open.id });
    expect(await ids(api)).toEqual([hidden.id]);
  });
});
