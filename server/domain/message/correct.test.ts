import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { workspaceWith, type Person } from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';

// Rectification: a workspace admin corrects someone else's message. The text is replaced as by an
// edit (history, policy, event), marked as a correction with the admin's reason, audited, and the
// author is told; nobody below admin may, nor anyone on a deleted message or in another workspace.
const app = useTestServer();

let n = 0;
const cid = () => `correct-${Date.now()}-${++n}`;
const REASON = 'Wrong invoice number: the customer asked for it to be put right';

async function setting() {
  const ws = await workspaceWith(
    { admin: ['Ada Admin'], moderator: ['Mo Moderator'], member: ['Mel Member', 'Max Member'] },
    { name: 'Corrections', owner: 'Olga Owner' },
  );
  const [admin] = ws.admin;
  const [moderator] = ws.moderator;
  const [mel, max] = ws.member;
  const say = async (who: Person, body: string) =>
    (
      await who.api.message.send({
        workspaceId: ws.id,
        conversationId: ws.general.id,
        clientMsgId: cid(),
        body,
      })
    ).message;
  return { ws, admin, moderator, mel, max, say };
}

/** What a refused correction must leave as it was: the text, the history, the log. */
async function untouched(ws: { id: string; api: Person['api'] }, messageId: string, body: string) {
  const m = await ws.api.message.get({ workspaceId: ws.id, messageId });
  expect(m).toMatchObject({ body, correctedAt: null, editedAt: null });
  expect(await ws.api.message.editHistory({ workspaceId: ws.id, messageId })).toEqual([]);
  const log = await ws.api.audit.list({ workspaceId: ws.id });
  expect(log.items.filter((e) => e.action === 'message.corrected')).toEqual([]);
}

describe('an admin corrects a message', () => {
  it('replaces the text, keeps the old one as a correction with reason and editor, audits it, tells the author and the room', async () => {
    const { ws, admin, mel, say } = await setting();
    const m = await say(mel, 'Invoice 1234 is due Friday');
    const watcher = await connect(app.url, { token: ws.owner.token });
    await joinConversation(watcher, { workspaceId: ws.id, conversationId: ws.general.id });
    const live = nextEvent(watcher, 'message:updated', 3000, (p) => p.id === m.id);
    const told = await connect(app.url, { token: mel.token });
    const note = nextEvent(told, 'notification', 3000, (p) => p.kind === 'correction');

    const out = await admin.api.message.correct({
      workspaceId: ws.id,
      messageId: m.id,
      body: 'Invoice 1243 is due Thursday',
      reason: REASON,
    });
    expect(out).toMatchObject({
      body: 'Invoice 1243 is due Thursday',
      authorId: mel.userId,
      correctedAt: expect.any(String) as unknown,
      editedAt: expect.any(String) as unknown,
    });
    expect(out.rev).toBeGreaterThan(m.rev);
    expect((await live).payload).toMatchObject({
      workspaceId: ws.id,
      body: 'Invoice 1243 is due Thursday',
      correctedAt: out.correctedAt,
    });
    expect(await mel.api.message.editHistory({ workspaceId: ws.id, messageId: m.id })).toMatchObject([
      { body: 'Invoice 1234 is due Friday', kind: 'correction', reason: REASON, editedBy: admin.userId },
    ]);
    // Search finds the corrected text, not the replaced one.
    const found = async (query: string) =>
      (await mel.api.search.messages({ workspaceId: ws.id, query })).map((h) => h.id);
    expect(await found('thursday')).toEqual([m.id]);
    expect(await found('friday')).toEqual([]);

    // Audited with the reason and the author, never the text.
    const log = await ws.api.audit.list({ workspaceId: ws.id });
    const entry = log.items.find((e) => e.action === 'message.corrected');
    expect(entry).toMatchObject({
      actorId: admin.userId,
      targetType: 'message',
      targetId: m.id,
      data: { authorId: mel.userId, conversationId: ws.general.id, reason: REASON },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Invoice/);

    // The author hears it, live and in their notifications, with the reason.
    expect((await note).payload).toMatchObject({ workspaceId: ws.id, messageId: m.id, kind: 'correction' });
    expect(await mel.api.notification.list({ workspaceId: ws.id })).toMatchObject([
      { kind: 'correction', messageId: m.id, actorId: admin.userId, detail: REASON, readAt: null },
    ]);

    // The author's next edit is theirs again: "edited", with both changes in the history.
    const edited = await mel.api.message.edit({
      workspaceId: ws.id,
      messageId: m.id,
      body: 'Invoice 1243 is due Monday',
    });
    expect(edited.correctedAt).toBeNull();
    const history = await mel.api.message.editHistory({ workspaceId: ws.id, messageId: m.id });
    expect(history.map((h) => [h.kind, h.reason, h.editedBy])).toEqual([
      ['correction', REASON, admin.userId],
      ['edit', null, mel.userId],
    ]);
  });

  it('is open over REST next to the edit, and an owner corrects an admin', async () => {
    const { ws, admin, say } = await setting();
    const m = await say(admin, 'Our office is on Elm Street');
    const res = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/messages/${m.id}/corrections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Our office is on Oak Street', reason: 'The address moved' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ body: 'Our office is on Oak Street', authorId: admin.userId });
  });

  it('applies the security policy to the text and the reason, as to an edit', async () => {
    const { ws, admin, mel, say } = await setting();
    const m = await say(mel, 'Pay with the card on file');
    const out = await admin.api.message.correct({
      workspaceId: ws.id,
      messageId: m.id,
      body: 'Pay with 4242 4242 4242 4242',
      reason: 'The customer gave 4242 4242 4242 4242',
    });
    expect(out.body).toBe('Pay with •••• 4242');
    const [v] = await admin.api.message.editHistory({ workspaceId: ws.id, messageId: m.id });
    expect(v).toMatchObject({ kind: 'correction', reason: 'The customer gave •••• 4242' });
    const hits = await superQuery<{ field: string; user_id: string }>(
      'SELECT field, user_id FROM policy_hit WHERE workspace_id = $1 ORDER BY id',
      [ws.id],
    );
    expect(hits).toEqual([
      { field: 'correction.reason', user_id: admin.userId },
      { field: 'message', user_id: admin.userId },
    ]);
  });
});

describe('who may not correct, and what', () => {
  it('refuses members and moderators (FORBIDDEN), an admin on an owner’s or their own message, and changes nothing', async () => {
    const { ws, admin, moderator, mel, max, say } = await setting();
    const m = await say(mel, 'Meeting at 10');
    const input = { workspaceId: ws.id, messageId: m.id, body: 'Meeting at 11', reason: 'Wrong time' };
    for (const who of [max, moderator])
      await expect(who.api.message.correct(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A message's own author edits it; the owner's is out of an admin's reach.
    await expect(mel.api.message.correct(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await untouched(ws, m.id, 'Meeting at 10');

    const ownerSaid = await say(ws.owner, 'Budget is 5k');
    await expect(
      admin.api.message.correct({ ...input, messageId: ownerSaid.id, body: 'Budget is 6k' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/owner/) as unknown });
    await untouched(ws, ownerSaid.id, 'Budget is 5k');
    const mine = await say(admin, 'Lunch at noon');
    await expect(
      admin.api.message.correct({ ...input, messageId: mine.id, body: 'Lunch at one' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/edit it/) as unknown });
    await untouched(ws, mine.id, 'Lunch at noon');
  });

  it('refuses a deleted message, an unchanged text, and a missing or malformed reason', async () => {
    const { ws, admin, mel, say } = await setting();
    const gone = await say(mel, 'Delete me');
    await mel.api.message.delete({ workspaceId: ws.id, messageId: gone.id });
    await expect(
      admin.api.message.correct({ workspaceId: ws.id, messageId: gone.id, body: 'Back', reason: 'No' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/deleted/) as unknown });

    const m = await say(mel, 'Keep me');
    const base = { workspaceId: ws.id, messageId: m.id, body: 'Kept', reason: 'A reason' };
    const same = await admin.api.message.correct({ ...base, body: 'Keep me' }).catch((e: unknown) => e);
    expect(same).toMatchObject({
      code: 'BAD_REQUEST',
      cause: { details: { fieldErrors: { body: [expect.stringMatching(/Change the text/)] } } },
    });
    for (const reason of ['', '   ', 'two\nlines', 'lone \ud800 surrogate', 'x'.repeat(501)])
      await expect(admin.api.message.correct({ ...base, reason })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    await expect(
      admin.api.message.correct({ workspaceId: ws.id, messageId: m.id, body: 'Kept' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await untouched(ws, m.id, 'Keep me');
  });

  it('fails in another workspace: its admin cannot reach the message, under either workspace', async () => {
    const { ws, mel, say } = await setting();
    const other = await workspaceWith({}, { name: 'Elsewhere', owner: 'Ely Owner' });
    const m = await say(mel, 'Only in A');
    for (const workspaceId of [other.id, ws.id])
      await expect(
        other.api.message.correct({ workspaceId, messageId: m.id, body: 'From B', reason: 'Because' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await untouched(ws, m.id, 'Only in A');
  });
});
