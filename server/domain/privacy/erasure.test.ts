import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecrets } from '../../lib/app-secrets';
import { decryptPersonField, formatOf } from '../../lib/crypto/aead';
import { superQuery } from '../../../test/db';
import {
  conversation,
  message,
  supportConversation,
  widgetOn,
  widgetVisitor,
  workspaceWith,
} from '../../../test/factories';
import { useTestServer } from '../../../test/server';
import { refusedWith } from '../../../test/widget';
import { bodyBinding } from '../message/view';
import { partDigest, receiptValid } from './receipt';
import { pseudonymOf } from './redact';

// Erasure by crypto-shredding, through the API: the dry run says what the erasure then does; the
// person's key is destroyed (a copy of their ciphertext taken before no longer decrypts); legal
// holds keep what they cover; the audit log still verifies with a pseudonym in the person's place;
// the receipt is signed and anchored in the chain.

const app = useTestServer();

const setUp = () => workspaceWith({ member: 2, admin: 1 }, { name: `Erase ${randomUUID().slice(0, 8)}` });

const rowsOf = async (ws: string, author: string) =>
  superQuery<{ id: string; body: Buffer | null; author_id: string; deleted_at: Date | null }>(
    'SELECT id, body, author_id, deleted_at FROM message WHERE workspace_id = $1 AND author_id = $2 ORDER BY seq',
    [ws, author],
  );

describe('erasure', () => {
  it('destroys the person’s key and texts, keeps what a hold covers, and leaves a verifiable log', async () => {
    const ws = await setUp();
    const [person, other] = ws.member;
    const legal = await conversation(ws, {
      kind: 'channel',
      name: `legal-${randomUUID().slice(0, 6)}`,
      members: [person, other],
    });
    const gone1 = await message(ws, ws.general, { author: person, body: 'ERASE-ME one' });
    await person.api.message.edit({ workspaceId: ws.id, messageId: gone1.id, body: 'ERASE-ME edited' });
    await message(ws, ws.general, { author: person, body: 'ERASE-ME two' });
    const held = await message(ws, legal, { author: person, body: 'HELD-TEXT' });
    const theirs = await message(ws, ws.general, { author: other, body: `hello <@${person.userId}>` });
    await person.api.reaction.toggle({ workspaceId: ws.id, messageId: theirs.id, emoji: '👍' });
    await ws.api.compliance.placeHold({
      workspaceId: ws.id,
      scope: 'conversation',
      conversationId: legal.id,
      reason: 'Matter 42',
    });
    // A copy of the ciphertext as a backup would keep it.
    const [backup] = await superQuery<{ body: Buffer; key_id: string }>(
      `SELECT m.body, k.id AS key_id FROM message m JOIN person_key k ON k.workspace_id = m.workspace_id
        AND k.user_id = m.author_id WHERE m.id = $1`,
      [gone1.id],
    );
    const [keyRow] = await superQuery<{ wrapped: Buffer }>('SELECT wrapped FROM person_key WHERE id = $1', [
      backup!.key_id,
    ]);
    expect(formatOf(backup!.body)).toBe(2);
    expect(keyRow).toBeDefined();

    const api = ws.api.compliance;
    const plan = await api.erasurePreview({ workspaceId: ws.id, userId: person.userId });
    const pseudonym = pseudonymOf(appSecrets().checkpointKey, ws.id, person.userId);
    expect(plan).toMatchObject({
      pseudonym,
      role: 'member',
      blocked: null,
      erased: { message: 2, message_edit: 1, message_reaction: 1, member: 1, person_key: 1 },
      holds: ['Matter 42'],
    });
    expect(plan.kept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'their messages under a legal hold', count: 1 }),
        expect.objectContaining({ what: "other people's messages that mention them", count: 1 }),
      ]),
    );
    // The dry run changes nothing.
    expect(await rowsOf(ws.id, person.userId)).toHaveLength(3);

    const { receipt, signature } = await api.erase({ workspaceId: ws.id, userId: person.userId });
    expect(receiptValid(appSecrets().checkpointKey, receipt, signature)).toBe(true);
    expect(receipt.workspaces[0]?.erased).toEqual(plan.erased);

    // Their texts: tombstones under the pseudonym; the held one kept, readable, under the workspace key.
    expect(await rowsOf(ws.id, person.userId)).toEqual([
      expect.objectContaining({ id: held.id, deleted_at: null }),
    ]);
    const tomb = await rowsOf(ws.id, pseudonym);
    expect(tomb.map((r) => [r.body, r.deleted_at !== null])).toEqual([
      [null, true],
      [null, true],
    ]);
    const [heldRow] = await rowsOf(ws.id, person.userId);
    expect(formatOf(heldRow!.body!)).toBe(1);
    const page = await other.api.message.history({ workspaceId: ws.id, conversationId: legal.id });
    expect(page.messages.map((m) => m.body)).toEqual(['HELD-TEXT']);
    expect(await superQuery('SELECT 1 FROM person_key WHERE id = $1', [backup!.key_id])).toEqual([]);
    expect(await superQuery('SELECT 1 FROM message_reaction WHERE user_id = $1', [person.userId])).toEqual(
      [],
    );
    expect(
      await superQuery('SELECT 1 FROM member WHERE workspace_id = $1 AND user_id = $2', [
        ws.id,
        person.userId,
      ]),
    ).toEqual([]);
    // The backup's ciphertext needs the destroyed key: with any other key it fails.
    expect(() => decryptPersonField(Buffer.alloc(32), bodyBinding(ws.id, gone1.id), backup!.body)).toThrow(
      /could not be decrypted/,
    );
    // Search finds nothing of them; other people's messages that mention them stay.
    const found = await other.api.search.messages({ workspaceId: ws.id, query: 'ERASE-ME' });
    expect(found).toEqual([]);
    const general = await other.api.message.history({ workspaceId: ws.id, conversationId: ws.general.id });
    expect(general.messages.find((m) => m.id === theirs.id)?.body).toContain(person.userId);

    // The audit log: the person's id nowhere, the chain still verifies, the part anchored.
    const mentions = await superQuery<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event WHERE workspace_id = $1 AND (actor_id = $2 OR target_id = $2 OR data::text LIKE '%' || $2 || '%')`,
      [ws.id, person.userId],
    );
    expect(Number(mentions[0]!.n)).toBe(0);
    expect((await ws.api.audit.verify({ workspaceId: ws.id })).ok).toBe(true);
    const anchor = receipt.anchors[0]!;
    const [entry] = await superQuery<{ action: string; data: { sha256: string; receipt: string } }>(
      'SELECT action, data FROM audit_event WHERE workspace_id = $1 AND seq = $2',
      [ws.id, anchor.seq],
    );
    expect(entry).toMatchObject({
      action: 'privacy.erase',
      data: { sha256: partDigest(receipt.workspaces[0]!), receipt: receipt.id },
    });
    // The person finds the receipt on their account; nobody else does.
    const mine = await person.api.privacy.receipts();
    expect(mine.map((r) => [r.id, r.signature])).toEqual([[receipt.id, signature]]);
    expect(await other.api.privacy.receipts()).toEqual([]);
    expect((await api.erasures({ workspaceId: ws.id })).map((r) => r.pseudonym)).toEqual([pseudonym]);
  });

  it('erases a widget visitor: their record, session and support record go, their texts with their key', async () => {
    const ws = await setUp();
    const secret = await widgetOn(ws);
    const visitor = await widgetVisitor(ws, { secret, claims: { email: 'visitor@host.example' } });
    const conv = await supportConversation(ws, visitor, { messages: ['VISITOR-SECRET'], note: 'staff note' });
    const [admin] = ws.admin;
    await ws.api.inbox.assign({ workspaceId: ws.id, conversationId: conv.id, userId: admin.userId });
    const plan = await ws.api.compliance.erasurePreview({ workspaceId: ws.id, userId: visitor.userId });
    expect(plan).toMatchObject({
      role: 'guest',
      erased: { message: 1, widget_visitor: 1, widget_session: 1 },
    });
    await ws.api.compliance.erase({ workspaceId: ws.id, userId: visitor.userId });
    for (const [t, column] of [
      ['widget_visitor', 'user_id'],
      ['widget_session', 'user_id'],
      ['support_conversation', 'visitor_id'],
      ['person_key', 'user_id'],
    ])
      expect(await superQuery(`SELECT 1 FROM ${t} WHERE ${column} = $1`, [visitor.userId]), t).toEqual([]);
    const page = await ws.api.message.history({ workspaceId: ws.id, conversationId: conv.id });
    expect(page.messages.map((m) => m.body)).not.toContain('VISITOR-SECRET');
    // The visitor is no longer in the workspace.
    await refusedWith(
      visitor.api.widget.open({ workspaceId: ws.id, pageUrl: 'https://host.example/' }),
      'NOT_FOUND',
    );
  });

  it('refuses a forged rewrite of the audit log, and erasing oneself, the last owner or an outranking admin', async () => {
    const ws = await setUp();
    const [person] = ws.member;
    const [admin] = ws.admin;
    await refusedWith(
      admin.api.compliance.erase({ workspaceId: ws.id, userId: ws.owner.userId }),
      'FORBIDDEN',
    );
    await refusedWith(
      ws.api.compliance.erase({ workspaceId: ws.id, userId: ws.owner.userId }),
      'BAD_REQUEST',
    );
    await refusedWith(person.api.compliance.erase({ workspaceId: ws.id, userId: admin.userId }), 'FORBIDDEN');
    await refusedWith(
      ws.api.compliance.erasurePreview({ workspaceId: ws.id, userId: 'nobody-at-all' }),
      'NOT_FOUND',
    );
    expect(await superQuery('SELECT 1 FROM member WHERE workspace_id = $1', [ws.id])).toHaveLength(4);
    // Rewriting an entry without a signed redaction is refused by the log's guard, even for the owner role.
    await expect(
      superQuery("UPDATE audit_event SET actor_id = 'x' WHERE workspace_id = $1", [ws.id]),
    ).rejects.toThrow(/append-only/);
    // A redaction record with a wrong signature lets the row change, but verification fails.
    const [first] = await superQuery<{ seq: string }>(
      'SELECT seq FROM audit_event WHERE workspace_id = $1 ORDER BY seq LIMIT 1',
      [ws.id],
    );
    await superQuery(
      "INSERT INTO audit_redaction (workspace_id, seq, digest, signature) VALUES ($1, $2, 'd', 'bad')",
      [ws.id, first!.seq],
    );
    await superQuery("UPDATE audit_event SET user_agent = 'forged' WHERE workspace_id = $1 AND seq = $2", [
      ws.id,
      first!.seq,
    ]);
    expect(await ws.api.audit.verify({ workspaceId: ws.id })).toMatchObject({
      ok: false,
      reason: 'entry altered',
    });
  });

  it('deletes an account across workspaces from the profile, after typing its email', async () => {
    const a = await setUp();
    const [person] = a.member;
    const b = await workspaceWith({ member: [person] }, { name: `Erase B ${randomUUID().slice(0, 6)}` });
    await message(a, a.general, { author: person, body: 'IN-A' });
    await message(b, b.general, { author: person, body: 'IN-B' });
    const me = person.api.privacy;
    const preview = await me.deletionPreview();
    expect(preview.workspaces.map((w) => w.workspaceId).sort()).toEqual([a.id, b.id].sort());
    expect(preview.blocked).toEqual([]);
    await refusedWith(me.deleteAccount({ confirmEmail: 'someone@else.example' }), 'BAD_REQUEST');
    expect(await superQuery('SELECT 1 FROM "user" WHERE id = $1', [person.userId])).toHaveLength(1);

    const { receipt, signature } = await me.deleteAccount({ confirmEmail: person.email.toUpperCase() });
    expect(receipt).toMatchObject({ scope: 'account', requestedBy: 'self' });
    expect(receipt.workspaces.map((w) => w.erased.message)).toEqual([1, 1]);
    expect(receiptValid(appSecrets().checkpointKey, receipt, signature)).toBe(true);
    expect(await superQuery('SELECT 1 FROM "user" WHERE id = $1', [person.userId])).toEqual([]);
    expect(await superQuery('SELECT 1 FROM session WHERE user_id = $1', [person.userId])).toEqual([]);
    expect(await superQuery('SELECT 1 FROM person_key WHERE user_id = $1', [person.userId])).toEqual([]);
    for (const w of [a, b]) expect((await w.api.audit.verify({ workspaceId: w.id })).ok).toBe(true);
    // Signed out everywhere: the old token no longer works.
    const res = await fetch(`${app.url}/api/v1/privacy/erasures`, {
      headers: { authorization: `Bearer ${person.token}` },
    });
    expect(res.status).toBe(401);
  });

  it('refuses to delete the account of a workspace’s last owner, changing nothing', async () => {
    const ws = await setUp();
    const api = ws.owner.api.privacy;
    const preview = await api.deletionPreview();
    expect(preview.blocked).toEqual([expect.stringMatching(/last owner/)]);
    await refusedWith(api.deleteAccount({ confirmEmail: ws.owner.email }), 'CONFLICT');
    expect(await superQuery('SELECT 1 FROM "user" WHERE id = $1', [ws.owner.userId])).toHaveLength(1);
  });
});
