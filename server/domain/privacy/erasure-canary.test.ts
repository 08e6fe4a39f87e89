import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { mintWorkspaceId, withTenant } from '../../db/tenant';
import { appSecrets } from '../../lib/app-secrets';
import { Keyring } from '../../lib/crypto/keyring';
import { ShreddedError } from '../../lib/crypto/person-keys';
import { superQuery } from '../../../test/db';
import { dumpAll, rawFiles } from '../../../test/dump';
import { conversation, message, workspaceWith } from '../../../test/factories';
import { testRuntime } from '../../../test/runtime';
import { connect, sendOn } from '../../../test/sockets';
import { useTestServer } from '../../../test/server';
import { unzip } from '../../../test/zip';
import { tableKeyStore, tablePersonKeyStore } from '../keys/keyring';
import { bodyBinding, editBinding } from '../message/view';

// The erasure test of the privacy issue: canaries the person writes through every text path (the
// API, a socket, an edit, a thread reply, a direct message, a report's note) are, after the erasure,
// absent from a dump of the database, from its files, from search, notifications and an export made
// after; the ciphertexts taken before no longer decrypt, even with every key the deployment has.

const app = useTestServer();
const canary = (k: string) => `canary${k}${randomBytes(8).toString('hex')}`;

describe('erasure leaves nothing readable', () => {
  it('of what the person wrote, anywhere, and their old ciphertexts stay noise', async () => {
    const ws = await workspaceWith({ member: 2 }, { name: `Canary ${randomBytes(4).toString('hex')}` });
    const [person, other] = ws.member;
    const c = {
      api: canary('api'),
      socket: canary('socket'),
      edited: canary('edited'),
      reply: canary('reply'),
      dm: canary('dm'),
      note: canary('note'),
    };
    const first = await message(ws, ws.general, { author: person, body: `${c.api} <@${other.userId}>` });
    await person.api.message.edit({ workspaceId: ws.id, messageId: first.id, body: c.edited });
    const sock = await connect(app.url, { token: person.token });
    expect((await sendOn(sock, { workspaceId: ws.id, conversationId: ws.general.id }, c.socket)).ok).toBe(
      true,
    );
    await message(ws, ws.general, { author: person, body: c.reply, parentId: first.id });
    const dm = await conversation(ws, { kind: 'direct', members: [person, other], by: other });
    await message(ws, dm, { author: person, body: c.dm });
    const theirs = await message(ws, ws.general, { author: other, body: 'reported' });
    await person.api.moderation.report({
      workspaceId: ws.id,
      messageId: theirs.id,
      reason: 'other',
      note: c.note,
    });
    const before = [
      ...(await superQuery<{ id: string; body: Buffer; t: string }>(
        `SELECT id, body, 'message' AS t FROM message WHERE workspace_id = $1 AND author_id = $2`,
        [ws.id, person.userId],
      )),
      ...(await superQuery<{ id: string; body: Buffer; t: string }>(
        `SELECT e.id, e.body, 'edit' AS t FROM message_edit e JOIN message m ON m.id = e.message_id
         WHERE m.workspace_id = $1 AND m.author_id = $2`,
        [ws.id, person.userId],
      )),
    ];
    expect(before.map((r) => r.t).sort()).toEqual(['edit', 'message', 'message', 'message', 'message']);
    expect(await superQuery('SELECT 1 FROM notification WHERE user_id = $1', [other.userId])).not.toEqual([]);

    await ws.api.compliance.erase({ workspaceId: ws.id, userId: person.userId });

    const dump = await dumpAll();
    for (const [path, text] of Object.entries(c))
      expect(dump.includes(text), `${path} in the dump`).toBe(false);
    // Not even the ciphertexts are left in the live rows.
    for (const r of before) expect(dump.includes(r.body.toString('hex')), `${r.t} ciphertext`).toBe(false);
    // The database's files never held the text of a message: it reaches them encrypted.
    const files = await rawFiles();
    for (const text of [c.api, c.socket, c.edited, c.reply, c.dm])
      expect(
        files.some((f) => f.includes(text)),
        `${text} in the files`,
      ).toBe(false);
    // Search, and the notifications their messages sent.
    for (const text of Object.values(c))
      expect(await other.api.search.messages({ workspaceId: ws.id, query: text })).toEqual([]);
    expect(await superQuery('SELECT 1 FROM notification WHERE user_id = $1', [other.userId])).toEqual([]);

    // A backup's copies of the ciphertexts: a keyring with the master key and every stored key
    // (nothing cached, as after a restore) finds the person's key gone.
    const restored = new Keyring(
      appSecrets().masterKey,
      tableKeyStore(testRuntime().tenants),
      undefined,
      tablePersonKeyStore,
    );
    const wsId = mintWorkspaceId(ws.id);
    for (const r of before)
      await expect(
        withTenant(testRuntime().db.app, { workspaceId: wsId, userId: null }, (tx) =>
          restored.decrypt(tx, (r.t === 'edit' ? editBinding : bodyBinding)(ws.id, r.id), r.body),
        ),
      ).rejects.toBeInstanceOf(ShreddedError);

    // An export made after holds none of it.
    const asked = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: true,
      formats: ['ndjson', 'csv', 'eml', 'html'],
    });
    let file: string | null = null;
    for (let i = 0; i < 200 && !file; i++) {
      await new Promise((r) => setTimeout(r, 50));
      [{ file } = { file: null }] = await superQuery<{ file: string | null }>(
        `SELECT file FROM export_job WHERE id = $1 AND status = 'done'`,
        [asked.id],
      );
    }
    const zipped = await unzip(await readFile(file!));
    const everything = [...zipped.values()].map((b) => b.toString()).join('\n');
    expect(everything).toContain('reported');
    for (const [path, text] of Object.entries(c))
      expect(everything.includes(text), `${path} in the export`).toBe(false);
    sock.disconnect();
  });
});
