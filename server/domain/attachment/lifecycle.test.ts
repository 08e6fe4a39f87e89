import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { env, setEnvForProcess } from '../../env';
import { workspaceWith, type TestWorkspace } from '../../../test/factories';
import { settled, uploadAs } from '../../../test/files';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { unzip } from '../../../test/zip';
import { runRotation } from '../keys/reencrypt';
import { sweepWorkspace } from '../compliance/sweep';
import { removeGoneBlobs, removeUnsent } from './sweep';
import { scanVersion } from './scan';

// A file lives as long as its message: deleted with it (by its author, retention or erasure),
// carried by exports, re-wrapped (not re-encrypted) by a key rotation, and its blob leaves the store.

const app = useTestServer();
const blobPath = (key: string) => path.join(env().FILE_DIR ?? path.join(env().DATA_DIR, 'files'), key);
const exists = (key: string) => {
  try {
    readFileSync(blobPath(key));
    return true;
  } catch {
    return false;
  }
};
const versionsOf = (ws: string, fileId: string) =>
  testRuntime().db.admin.fileVersion.findMany({ where: { workspaceId: ws, fileId } });

let ws: TestWorkspace<{ admin: 1; member: 2 }>;
beforeAll(async () => {
  ws = await workspaceWith({ admin: 1, member: 2 }, { name: `Lifecycle ${randomUUID().slice(0, 6)}` });
  for (const m of ws.member)
    await m.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
});

async function sent(who: (typeof ws.member)[number], content: string, name = 'note.txt') {
  const f = await uploadAs(who, ws.id, ws.general.id, name, Buffer.from(content));
  const { message } = await who.api.message.send({
    workspaceId: ws.id,
    conversationId: ws.general.id,
    clientMsgId: `l-${randomUUID()}`,
    body: `see attached: ${content}`,
    fileIds: [f.id],
  });
  await settled(ws.id, f.id);
  const [v] = await versionsOf(ws.id, f.id);
  return { file: f, message, storageKey: v!.storageKey };
}

describe('a file goes with its message', () => {
  it('is on the message, in history and sync, until the message is deleted; then its blob goes', async () => {
    const [alice, bob] = ws.member;
    const { file, message, storageKey } = await sent(alice, 'deleted with its message');
    expect(message.files.map((f) => f.id)).toEqual([file.id]);
    const page = await bob.api.message.history({ workspaceId: ws.id, conversationId: ws.general.id });
    expect(page.messages.find((m) => m.id === message.id)?.files[0]).toMatchObject({
      id: file.id,
      name: 'note.txt',
      status: 'clean',
    });
    expect(exists(storageKey)).toBe(true);
    const gone = await alice.api.message.delete({ workspaceId: ws.id, messageId: message.id });
    expect(gone.files).toEqual([]);
    expect(await testRuntime().db.admin.file.count({ where: { workspaceId: ws.id, id: file.id } })).toBe(0);
    await removeGoneBlobs(testRuntime());
    expect(exists(storageKey)).toBe(false);
  });

  it('is deleted by retention with its message', async () => {
    const [alice] = ws.member;
    const { file, storageKey } = await sent(alice, 'expires');
    await ws.api.compliance.setRetention({ workspaceId: ws.id, messageDays: 1 });
    await sweepWorkspace(testRuntime(), ws.id, new Date(Date.now() + 2 * 86_400_000));
    expect(await testRuntime().db.admin.file.count({ where: { workspaceId: ws.id, id: file.id } })).toBe(0);
    await removeGoneBlobs(testRuntime());
    expect(exists(storageKey)).toBe(false);
    await ws.api.compliance.setRetention({ workspaceId: ws.id, messageDays: null });
  });

  it('is erased with the person who sent it, their unsent uploads too', async () => {
    const [, bob] = ws.member;
    const { file, storageKey } = await sent(bob, 'erase me');
    const draft = await uploadAs(bob, ws.id, ws.general.id, 'draft.txt', Buffer.from('never sent'));
    await settled(ws.id, draft.id);
    const [dv] = await versionsOf(ws.id, draft.id);
    await ws.api.compliance.erase({ workspaceId: ws.id, userId: bob.userId });
    expect(
      await testRuntime().db.admin.file.count({
        where: { workspaceId: ws.id, id: { in: [file.id, draft.id] } },
      }),
    ).toBe(0);
    await removeGoneBlobs(testRuntime());
    expect(exists(storageKey)).toBe(false);
    expect(exists(dv!.storageKey)).toBe(false);
  });
});

describe('catching up', () => {
  it('gives a message a new revision when its file is scanned, so sync brings the new state', async () => {
    const [alice] = ws.member;
    const { file, message } = await sent(alice, 'scanned after the send');
    // As if the scan ran only now, after the message went out.
    await testRuntime().db.admin.fileVersion.updateMany({
      where: { workspaceId: ws.id, fileId: file.id },
      data: { status: 'pending' },
    });
    const [v] = await versionsOf(ws.id, file.id);
    await scanVersion(testRuntime(), { workspaceId: ws.id, versionId: v!.id });
    // Read by the owner (the second member was erased above).
    const out = await ws.api.message.sync({
      workspaceId: ws.id,
      conversations: [{ conversationId: ws.general.id, lastSeq: message.seq, lastRev: message.rev }],
    });
    const changed = out.conversations[0]?.changes.find((m) => m.id === message.id);
    expect(changed?.files[0]).toMatchObject({ id: file.id, status: 'clean' });
    expect(changed!.rev).toBeGreaterThan(message.rev);
  });

  it('lets the author empty the text of a message of files, not of one without', async () => {
    const [alice] = ws.member;
    const { message } = await sent(alice, 'text goes, file stays');
    const edited = await alice.api.message.edit({ workspaceId: ws.id, messageId: message.id, body: '' });
    expect(edited).toMatchObject({
      body: '',
      files: [expect.objectContaining({ name: 'note.txt' }) as unknown],
    });
    const plain = await alice.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: `p-${randomUUID()}`,
      body: 'just text',
    });
    await expect(
      alice.api.message.edit({ workspaceId: ws.id, messageId: plain.message.id, body: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('uploads never sent', () => {
  it('are swept after a day, except one a held send carries', async () => {
    const [alice] = ws.member;
    const draft = await uploadAs(alice, ws.id, ws.general.id, 'old-draft.txt', Buffer.from('old'));
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    expect(await removeUnsent(testRuntime(), new Date())).toBe(0);
    expect(await removeUnsent(testRuntime(), tomorrow)).toBeGreaterThanOrEqual(1);
    expect(await testRuntime().db.admin.file.count({ where: { workspaceId: ws.id, id: draft.id } })).toBe(0);
  });
});

describe('key rotation', () => {
  it('re-wraps file keys and names under the new key, leaving the stored bytes as they were', async () => {
    setEnvForProcess({ KEY_ROTATION_MIN_INTERVAL_SECONDS: '0' });
    const [alice] = ws.member;
    const { file, storageKey } = await sent(alice, 'rotate around me', 'rotated.txt');
    const before = createHash('sha256')
      .update(readFileSync(blobPath(storageKey)))
      .digest('hex');
    const [v1] = await versionsOf(ws.id, file.id);
    const status = await ws.api.workspace.rotateKey({ workspaceId: ws.id });
    const newest = Math.max(...status.map((k) => k.version));
    await runRotation(testRuntime(), { workspaceId: ws.id, version: newest });
    const [v2] = await versionsOf(ws.id, file.id);
    expect(v2!.keyVersion).toBe(newest);
    expect(Buffer.from(v2!.wrappedKey).equals(Buffer.from(v1!.wrappedKey))).toBe(false);
    expect(
      createHash('sha256')
        .update(readFileSync(blobPath(storageKey)))
        .digest('hex'),
    ).toBe(before);
    const r = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(await r.text()).toBe('rotate around me');
    expect((await alice.api.attachment.get({ workspaceId: ws.id, fileId: file.id })).name).toBe(
      'rotated.txt',
    );
  });
});

describe('exports', () => {
  it('carry each sent file, decrypted, hashed in the manifest', async () => {
    const [alice] = ws.member;
    const { file } = await sent(alice, 'exported content', 'exported.txt');
    const asked = await ws.api.compliance.createExport({
      workspaceId: ws.id,
      includeDeleted: false,
      formats: ['ndjson'],
    });
    let job;
    for (let i = 0; i < 200; i++) {
      job = (await ws.api.compliance.exports({ workspaceId: ws.id })).find((e) => e.id === asked.id);
      if (job?.status === 'done' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job?.status).toBe('done');
    const res = await fetch(`${app.url}${job?.downloadPath ?? ''}`, {
      headers: { authorization: `Bearer ${ws.owner.token}` },
    });
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    const content = [...files].find(([p]) => p.startsWith(`files/${file.id}/`));
    expect(content?.[0]).toBe(`files/${file.id}/v1-exported.txt`);
    expect(content?.[1].toString()).toBe('exported content');
    const rows = files.get('ndjson/file_version.ndjson')!.toString();
    expect(rows).toContain('"file_name":"exported.txt"');
    expect(rows).not.toContain('wrapped_key');
    expect(rows).not.toContain('storage_key');
  });
});
