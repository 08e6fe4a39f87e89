import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { superQuery } from '../../../test/db';
import { dumpAll, rawFiles } from '../../../test/dump';
import { conversation, message, workspaceWith } from '../../../test/factories';

describe('encryption at rest', () => {
  it('keeps every text path out of the database: bodies, edits, history, threads, DMs, record conversations', async () => {
    const wsName = `Crypto ${randomBytes(6).toString('hex')}`;
    const ws = await workspaceWith({ member: ['Crypto other'] }, { name: wsName });
    const { general, api } = ws;
    const [other] = ws.member;
    const canary = (k: string) => `canary${k}${randomBytes(8).toString('hex')}`;
    const c = {
      body: canary('body'),
      edit: canary('edit'),
      reply: canary('reply'),
      dm: canary('dm'),
      subj: canary('subj'),
      gone: canary('gone'),
    };
    const root = await message(ws, general, { body: `first ${c.body} <@${other.userId}>` });
    await api.message.edit({ workspaceId: ws.id, messageId: root.id, body: `second ${c.edit}` });
    await message(ws, general, { body: `thread ${c.reply}`, parentId: root.id });
    const dm = await conversation(ws, { kind: 'direct', members: [other] });
    await message(ws, dm, { body: c.dm });
    const subj = await conversation(ws, { kind: 'subject', subject: { type: 'invoice', id: '42' } });
    await message(ws, subj, { body: c.subj });
    const doomed = await message(ws, general, { body: c.gone });
    await api.message.delete({ workspaceId: ws.id, messageId: doomed.id });
    // The text is readable through the API...
    expect((await api.message.editHistory({ workspaceId: ws.id, messageId: root.id }))[0]?.body).toContain(
      c.body,
    );
    expect((await api.search.messages({ workspaceId: ws.id, query: c.reply })).map((m) => m.body)).toEqual([
      `thread ${c.reply}`,
    ]);

    // ...and nowhere in the database: not in a dump, not in its files, not even hex-encoded.
    const dump = await dumpAll();
    const files = await rawFiles();
    // Positive control: plain columns (the workspace name) are found both ways, so absence means something.
    expect(dump).toContain(wsName);
    expect(files.some((f) => f.includes(wsName))).toBe(true);
    for (const value of Object.values(c)) {
      const hex = Buffer.from(value).toString('hex');
      expect(dump, value).not.toContain(value);
      expect(dump, value).not.toContain(hex);
      for (const f of files) expect(f.includes(value), value).toBe(false);
    }
  });

  it('binds each ciphertext to its row and workspace: a copied body does not decrypt', async () => {
    const a = await workspaceWith({}, { name: 'Bind A' });
    const b = await workspaceWith({}, { name: 'Bind B' });
    const a1 = await message(a, a.general, { body: 'alpha one' });
    const a2 = await message(a, a.general, { body: 'alpha two' });
    const b1 = await message(b, b.general, { body: 'beta one' });
    // Another row of the same workspace, and a row of another workspace.
    await superQuery('UPDATE message SET body = (SELECT body FROM message WHERE id = $1) WHERE id = $2', [
      a1.id,
      a2.id,
    ]);
    await superQuery('UPDATE message SET body = (SELECT body FROM message WHERE id = $1) WHERE id = $2', [
      a1.id,
      b1.id,
    ]);
    const pageA = await a.api.message.history({ workspaceId: a.id, conversationId: a.general.id });
    expect(pageA.messages.map((m) => [m.body, m.undecryptable])).toEqual([
      ['alpha one', false],
      [null, true],
    ]);
    const pageB = await b.api.message.history({ workspaceId: b.id, conversationId: b.general.id });
    expect(pageB.messages.map((m) => [m.body, m.undecryptable])).toEqual([[null, true]]);
  });

  it('rotates keys: new writes use the new version at once, the job re-encrypts old rows and rebuilds tokens', async () => {
    const ws = await workspaceWith({}, { name: 'Rotate' });
    const { general, api } = ws;
    const base = { workspaceId: ws.id, conversationId: general.id };
    const old = [];
    for (let i = 0; i < 5; i++) old.push(await message(ws, general, { body: `rotation word${i}` }));
    await api.message.edit({ workspaceId: ws.id, messageId: old[0]!.id, body: 'rotation edited' });
    const tokensBefore = await superQuery<{ t: string[] }>(
      'SELECT search_tokens AS t FROM message WHERE id = $1',
      [old[1]!.id],
    );

    const status = await api.workspace.rotateKey({ workspaceId: ws.id });
    expect(status[0]).toMatchObject({ version: 2, rotation: { total: 7 } });
    const fresh = await message(ws, general, { body: 'after rotation' });
    const [row] = await superQuery<{ v: number }>('SELECT key_version AS v FROM message WHERE id = $1', [
      fresh.id,
    ]);
    expect(row?.v).toBe(2);

    // Reads work throughout; wait for the job to finish.
    for (let i = 0; i < 100; i++) {
      expect((await api.message.history(base)).messages.map((m) => m.body)).toContain('rotation word4');
      const s = await api.workspace.keys({ workspaceId: ws.id });
      if (s[0]?.rotation?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await api.workspace.keys({ workspaceId: ws.id });
    expect(done[0]?.rotation).toMatchObject({ total: 7, done: 7, finishedAt: expect.any(String) as unknown });
    const versions = await superQuery<{ v: number; n: string }>(
      `SELECT key_version AS v, count(*)::text AS n FROM message WHERE workspace_id = $1 GROUP BY 1
       UNION ALL SELECT key_version, count(*)::text FROM message_edit WHERE workspace_id = $1 GROUP BY 1`,
      [ws.id],
    );
    expect(versions.every((v) => v.v === 2)).toBe(true);
    const tokensAfter = await superQuery<{ t: string[] }>(
      'SELECT search_tokens AS t FROM message WHERE id = $1',
      [old[1]!.id],
    );
    expect(tokensAfter[0]?.t).not.toEqual(tokensBefore[0]?.t);
    expect((await api.message.history(base)).messages.map((m) => m.body)).toEqual([
      'rotation edited',
      'rotation word1',
      'rotation word2',
      'rotation word3',
      'rotation word4',
      'after rotation',
    ]);
    expect((await api.message.editHistory({ workspaceId: ws.id, messageId: old[0]!.id }))[0]?.body).toBe(
      'rotation word0',
    );
    expect(
      (await api.search.messages({ ...{ workspaceId: ws.id }, query: 'word3' })).map((m) => m.id),
    ).toEqual([old[3]!.id]);
    const log = await api.audit.list({ workspaceId: ws.id });
    expect(log.items.some((e) => e.action === 'key.rotate')).toBe(true);
  });
});
