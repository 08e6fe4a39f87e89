import { describe, expect, it } from 'vitest';
import { callerFor } from '../../../test/actors';
import { workspaceWith } from '../../../test/factories';

// Record conversations: the types in use (the sidebar's picker) and the links back to the host app.

describe('record types and links', () => {
  it('lists the record types in use, busiest first, without visitors’ own conversations', async () => {
    const ws = await workspaceWith({ guest: 1 }, { name: 'Records', owner: 'Rita Records' });
    const { api } = ws;
    expect(await api.channel.subjectTypes({ workspaceId: ws.id })).toEqual([]);
    for (const subject of [
      { type: 'order', id: '1' },
      { type: 'invoice', id: '1' },
      { type: 'invoice', id: '2' },
      { type: 'visitor', id: 'someone' },
    ])
      await api.channel.getOrCreateBySubject({ workspaceId: ws.id, subject });
    expect(await api.channel.subjectTypes({ workspaceId: ws.id })).toEqual([
      { type: 'invoice', conversations: 2 },
      { type: 'order', conversations: 1 },
    ]);
    // Guests do not reach record conversations, so not their types either.
    await expect(
      (await callerFor(ws.guest[0])).channel.subjectTypes({ workspaceId: ws.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('keeps a URL template per record type, refusing what is no web address with {id}', async () => {
    const ws = await workspaceWith({}, { name: 'Links', owner: 'Lena Links' });
    const { api } = ws;
    expect((await api.workspace.get({ workspaceId: ws.id })).settings.recordLinks).toEqual({});
    for (const bad of [
      { invoice: 'https://shop.example/invoices/' },
      { invoice: 'javascript:alert({id})' },
      { 'Not A Type': 'https://shop.example/{id}' },
      Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`t${i}`, 'https://x.example/{id}'])),
    ])
      await expect(
        api.workspace.update({ workspaceId: ws.id, settings: { recordLinks: bad } }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await api.workspace.get({ workspaceId: ws.id })).settings.recordLinks).toEqual({});
    const links = {
      invoice: 'https://shop.example/invoices/{id}',
      'crm.deal': 'https://crm.example/deals/{id}',
    };
    await api.workspace.update({ workspaceId: ws.id, settings: { recordLinks: links } });
    const after = await api.workspace.get({ workspaceId: ws.id });
    expect(after.settings.recordLinks).toEqual(links);
    // Other settings are kept when the links change.
    expect(after.settings.replyDepth).toBe(1);
    const log = await api.audit.list({ workspaceId: ws.id, action: 'workspace.update' });
    expect(log.items[0]?.data).toMatchObject({ recordLinkTypes: ['invoice', 'crm.deal'] });
  });
});
