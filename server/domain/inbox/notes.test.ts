import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { supportConversation, widgetOn, widgetVisitor, workspaceWith } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';

// Internal notes (never the visitor's to see) and the workspace's canned replies.

useTestServer();

async function team(name: string) {
  const ws = await workspaceWith({ moderator: [`${name} lead`], member: [`${name} agent`] }, { name });
  const secret = await widgetOn(ws);
  const visitor = await widgetVisitor(ws, { secret, claims: { sub: `${name}-v`, name: 'Nora Visitor' } });
  return { ws, lead: ws.moderator[0], agent: ws.member[0], visitor };
}

describe('internal notes', () => {
  it('are for the team only, stored encrypted, and never in what the visitor reads', async () => {
    const { ws, agent, visitor } = await team('Notes');
    const secretWords = `refund approved ${randomUUID()}`;
    const conv = await supportConversation(ws, visitor, { messages: ['where is my refund?'] });
    const ref = { workspaceId: ws.id, conversationId: conv.id };
    const note = await agent.api.inbox.addNote({ ...ref, body: secretWords });
    expect(note).toMatchObject({ authorId: agent.userId, authorName: agent.name, body: secretWords });
    expect(await ws.api.inbox.notes(ref)).toEqual([note]);

    // The visitor can neither list notes nor find them among the conversation's messages.
    await refusedWith(visitor.api.inbox.notes(ref), 'FORBIDDEN');
    const history = await visitor.api.message.history(ref);
    expect(JSON.stringify(history)).not.toContain(secretWords);
    // At rest the note is ciphertext.
    const [row] = await superQuery<{ body: Buffer }>('SELECT body FROM support_note WHERE id = $1', [
      note.id,
    ]);
    expect(row!.body.toString('latin1')).not.toContain('refund approved');
  });

  it('move to the new key on rotation, as message text does, and still read', async () => {
    const { ws, agent, visitor } = await team('Notes rotate');
    const conv = await supportConversation(ws, visitor, { messages: ['hello'] });
    const ref = { workspaceId: ws.id, conversationId: conv.id };
    const note = await agent.api.inbox.addNote({ ...ref, body: 'before the rotation' });
    const versionOf = async () =>
      (
        await superQuery<{ v: number }>('SELECT key_version AS v FROM support_note WHERE id = $1', [note.id])
      )[0]?.v;
    expect(await versionOf()).toBe(1);
    const status = await ws.api.workspace.rotateKey({ workspaceId: ws.id });
    // The visitor's message, their key (re-wrapped) and the note.
    expect(status[0]).toMatchObject({ version: 2, rotation: { total: 3 } });
    for (let i = 0; i < 100; i++) {
      const s = await ws.api.workspace.keys({ workspaceId: ws.id });
      if (s[0]?.rotation?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await ws.api.workspace.keys({ workspaceId: ws.id }))[0]?.rotation).toMatchObject({
      total: 3,
      done: 3,
    });
    expect(await versionOf()).toBe(2);
    expect((await agent.api.inbox.notes(ref)).map((n) => n.body)).toEqual(['before the rotation']);
  });

  it('refuses a blank note or one on a channel, writing nothing', async () => {
    const { ws, agent, visitor } = await team('Notes refused');
    const conv = await supportConversation(ws, visitor);
    await refusedWith(
      agent.api.inbox.addNote({ workspaceId: ws.id, conversationId: conv.id, body: '   ' }),
      'BAD_REQUEST',
    );
    await refusedWith(
      agent.api.inbox.addNote({ workspaceId: ws.id, conversationId: ws.general.id, body: 'lost' }),
      'NOT_FOUND',
    );
    expect(await superQuery('SELECT id FROM support_note WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});

describe('canned replies', () => {
  it('are kept per workspace by title; leads manage them, every agent reads them', async () => {
    const { ws, lead, agent } = await team('Canned');
    const hi = await lead.api.inbox.saveCannedReply({
      workspaceId: ws.id,
      title: 'Greeting',
      body: 'Hi! How can we help?',
    });
    await lead.api.inbox.saveCannedReply({ workspaceId: ws.id, title: 'Bye', body: 'Glad we could help.' });
    expect((await agent.api.inbox.cannedReplies({ workspaceId: ws.id })).map((c) => c.title)).toEqual([
      'Bye',
      'Greeting',
    ]);

    const changed = await lead.api.inbox.saveCannedReply({
      workspaceId: ws.id,
      id: hi.id,
      title: 'Greeting',
      body: 'Hello!',
    });
    expect(changed).toMatchObject({ id: hi.id, body: 'Hello!' });
    // A second one with a title in use is refused, naming the field.
    const e = await refusedWith(
      lead.api.inbox.saveCannedReply({ workspaceId: ws.id, title: 'Bye', body: 'again' }),
      'CONFLICT',
      /already has this title/,
    );
    expect(e.message).not.toMatch(/unique|constraint|prisma/i);
    await refusedWith(
      agent.api.inbox.saveCannedReply({ workspaceId: ws.id, title: 'Mine', body: 'x' }),
      'FORBIDDEN',
    );
    await refusedWith(agent.api.inbox.deleteCannedReply({ workspaceId: ws.id, id: hi.id }), 'FORBIDDEN');

    await lead.api.inbox.deleteCannedReply({ workspaceId: ws.id, id: hi.id });
    await refusedWith(lead.api.inbox.deleteCannedReply({ workspaceId: ws.id, id: hi.id }), 'NOT_FOUND');
    expect((await agent.api.inbox.cannedReplies({ workspaceId: ws.id })).map((c) => c.title)).toEqual([
      'Bye',
    ]);
    // Another workspace's id names nothing here.
    const other = await workspaceWith({}, { name: 'Canned other' });
    const theirs = await other.api.inbox.saveCannedReply({
      workspaceId: other.id,
      title: 'Theirs',
      body: 'x',
    });
    await refusedWith(
      lead.api.inbox.saveCannedReply({ workspaceId: ws.id, id: theirs.id, title: 'Stolen', body: 'y' }),
      'NOT_FOUND',
    );
    expect((await other.api.inbox.cannedReplies({ workspaceId: other.id }))[0]).toMatchObject({
      title: 'Theirs',
    });
  });
});
