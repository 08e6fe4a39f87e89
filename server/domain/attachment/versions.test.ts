import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceWith, type Person, type TestWorkspace } from '../../../test/factories';
import { eicar, replaceAs, settled, uploadAs } from '../../../test/files';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';
import { scanVersion } from './scan';

// A sent file is replaced by a new version: the same upload path and checks, a scan of its own,
// its history kept and each version downloadable; the others keep the previous clean version
// until the new one is clean (docs/files.md, "Versions").

const app = useTestServer();
let ws: TestWorkspace<{ admin: 1; member: 2 }>;
let alice: Person;
let bob: Person;
beforeAll(async () => {
  ws = await workspaceWith({ admin: 1, member: 2 }, { name: `Versions ${randomUUID().slice(0, 6)}` });
  [alice, bob] = ws.member;
  for (const m of [...ws.member, ...ws.admin])
    await m.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
});

const base = () => `${app.url}/api/v1/workspaces/${ws.id}/files`;
const download = (who: Person, id: string, query = '') =>
  fetch(`${base()}/${id}/content${query}`, { headers: { authorization: `Bearer ${who.token}` } });
const text = async (r: Response) => ({ status: r.status, body: await r.text() });
const post = (who: Person, id: string, name: string, body: Buffer) =>
  fetch(`${base()}/${id}/versions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${who.token}`,
      'x-file-name': encodeURIComponent(name),
      'content-type': 'application/octet-stream',
    },
    body: new Uint8Array(body),
  });
const versionRows = (fileId: string) =>
  testRuntime().db.admin.fileVersion.findMany({
    where: { workspaceId: ws.id, fileId },
    orderBy: { version: 'asc' },
  });

/** Alice's file in #general, sent on a message and scanned. */
async function sent(content: string, name = 'plan.txt') {
  const f = await uploadAs(alice, ws.id, ws.general.id, name, Buffer.from(content));
  const { message } = await alice.api.message.send({
    workspaceId: ws.id,
    conversationId: ws.general.id,
    clientMsgId: `v-${randomUUID()}`,
    fileIds: [f.id],
  });
  expect(await settled(ws.id, f.id)).toBe('clean');
  return { file: f, message };
}

describe('replacing a file', () => {
  it('keeps its history: both versions download with their own bytes, the message moves, it is audited', async () => {
    const { file, message } = await sent('first draft');
    const socket = await connect(app.url, { token: bob.token });
    await joinConversation(socket, { workspaceId: ws.id, conversationId: ws.general.id });
    const told = nextEvent(socket, 'file:updated', 10_000, (p) => p.id === file.id && p.version === 2);
    const v2 = await replaceAs(alice, ws.id, file.id, 'plan-v2.txt', Buffer.from('second draft, longer'));
    expect(v2).toMatchObject({
      id: file.id,
      messageId: message.id,
      version: 2,
      name: 'plan-v2.txt',
      status: 'pending',
      versionUploaderId: alice.userId,
      servedVersion: 1,
    });
    expect((await told).payload).toMatchObject({ version: 2, status: 'pending', servedVersion: 1 });
    expect(await settled(ws.id, file.id)).toBe('clean');

    const current = await download(bob, file.id);
    expect(await text(current)).toEqual({ status: 200, body: 'second draft, longer' });
    expect(current.headers.get('content-disposition')).toContain("filename*=UTF-8''plan-v2.txt");
    const first = await download(bob, file.id, '?version=1');
    expect(first.headers.get('content-disposition')).toContain("filename*=UTF-8''plan.txt");
    expect(await text(first)).toEqual({ status: 200, body: 'first draft' });
    expect((await download(bob, file.id, '?version=3')).status).toBe(404);
    expect((await download(bob, file.id, '?version=first')).status).toBe(400);

    const { versions } = await bob.api.attachment.versions({ workspaceId: ws.id, fileId: file.id });
    expect(versions).toEqual([
      expect.objectContaining({
        version: 2,
        current: true,
        name: 'plan-v2.txt',
        size: 20,
        uploaderId: alice.userId,
        status: 'clean',
        fetchable: true,
      }),
      expect.objectContaining({ version: 1, current: false, name: 'plan.txt', size: 11, fetchable: true }),
    ]);
    const [row] = await testRuntime().db.admin.file.findMany({ where: { workspaceId: ws.id, id: file.id } });
    expect(row?.currentVersion).toBe(2);

    // A client catching up with sync gets the new version on the message.
    const out = await bob.api.message.sync({
      workspaceId: ws.id,
      conversations: [{ conversationId: ws.general.id, lastSeq: message.seq, lastRev: message.rev }],
    });
    const changed = out.conversations[0]?.changes.find((m) => m.id === message.id);
    expect(changed?.files[0]).toMatchObject({ id: file.id, version: 2, name: 'plan-v2.txt' });

    const audited = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id, action: 'file.version', targetId: file.id },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: alice.userId, data: { version: 2, bytes: 20 } });
  });

  it('gives everyone but its uploader the previous clean version until the new one is scanned', async () => {
    const { file } = await sent('the old text');
    await replaceAs(alice, ws.id, file.id, 'plan.txt', Buffer.from('the new text'));
    expect(await settled(ws.id, file.id)).toBe('clean');
    // As if the scan had not answered yet.
    const [, v2] = await versionRows(file.id);
    await testRuntime().db.admin.fileVersion.update({
      where: { workspaceId_id: { workspaceId: ws.id, id: v2!.id } },
      data: { status: 'pending' },
    });
    expect(await text(await download(bob, file.id))).toEqual({ status: 200, body: 'the old text' });
    expect((await download(bob, file.id, '?version=2')).status).toBe(403);
    expect(await text(await download(alice, file.id))).toEqual({ status: 200, body: 'the new text' });
    expect((await download(alice, file.id, '?version=2')).status).toBe(200);
    expect(await bob.api.attachment.get({ workspaceId: ws.id, fileId: file.id })).toMatchObject({
      version: 2,
      status: 'pending',
      servedVersion: 1,
    });
    const { versions } = await bob.api.attachment.versions({ workspaceId: ws.id, fileId: file.id });
    expect(versions.map((v) => [v.version, v.status, v.fetchable])).toEqual([
      [2, 'pending', false],
      [1, 'clean', true],
    ]);
    await scanVersion(testRuntime(), { workspaceId: ws.id, versionId: v2!.id });
    expect(await text(await download(bob, file.id))).toEqual({ status: 200, body: 'the new text' });
  });

  it('scans every new version: EICAR is quarantined, its uploader told, and the others keep the version before', async () => {
    const { file, message } = await sent('clean report', 'report.txt');
    const bad = await replaceAs(alice, ws.id, file.id, 'report.com', eicar());
    expect(bad.status).toBe('pending');
    expect(await settled(ws.id, file.id)).toBe('infected');
    expect(await text(await download(bob, file.id))).toEqual({ status: 200, body: 'clean report' });
    expect((await download(bob, file.id, '?version=2')).status).toBe(403);
    // Its own uploader cannot take it back either: they get what the others get.
    expect((await download(alice, file.id, '?version=2')).status).toBe(403);
    expect(await text(await download(alice, file.id))).toEqual({ status: 200, body: 'clean report' });
    expect(await bob.api.attachment.get({ workspaceId: ws.id, fileId: file.id })).toMatchObject({
      version: 2,
      status: 'infected',
      servedVersion: 1,
    });
    const told = await testRuntime().db.admin.notification.findFirst({
      where: { workspaceId: ws.id, userId: alice.userId, kind: 'file_blocked', messageId: message.id },
    });
    expect(told).toMatchObject({ fileId: file.id });
    expect(told?.detail).toContain('report.com');
    // A second blocked version of a file on the same message says so again (one row, renewed).
    await replaceAs(alice, ws.id, file.id, 'report-again.com', eicar());
    expect(await settled(ws.id, file.id)).toBe('infected');
    const again = await testRuntime().db.admin.notification.findMany({
      where: { workspaceId: ws.id, userId: alice.userId, kind: 'file_blocked', messageId: message.id },
    });
    expect(again).toHaveLength(1);
    expect(again[0]?.detail).toContain('report-again.com');
    expect(again[0]?.readAt).toBeNull();
    // A clean one after them is what everyone gets next.
    await replaceAs(alice, ws.id, file.id, 'report.txt', Buffer.from('clean again'));
    expect(await settled(ws.id, file.id)).toBe('clean');
    expect(await text(await download(bob, file.id))).toEqual({ status: 200, body: 'clean again' });
  });
});

describe('who may replace a file', () => {
  it('its uploader and admins; not another member, nor an upload not sent yet', async () => {
    const { file } = await sent('mine to change');
    const refused = await post(bob, file.id, 'bobs.txt', Buffer.from('not his'));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { data: { appCode: string } }).data.appCode).toBe('FORBIDDEN');
    const byAdmin = await post(ws.admin[0], file.id, 'by-admin.txt', Buffer.from('an admin may'));
    expect(byAdmin.status).toBe(201);
    expect(((await byAdmin.json()) as { file: { version: number } }).file.version).toBe(2);
    const draft = await uploadAs(alice, ws.id, ws.general.id, 'draft.txt', Buffer.from('unsent'));
    expect((await post(alice, draft.id, 'draft-2.txt', Buffer.from('again'))).status).toBe(403);
    expect((await post(alice, randomUUID(), 'x.txt', Buffer.from('x'))).status).toBe(404);
    expect(await versionRows(draft.id)).toHaveLength(1);
  });

  it('holds a new version to the same limits as an upload: size, kind and name, storing nothing refused', async () => {
    const { file } = await sent('limits apply');
    await ws.api.attachment.updateSettings({ workspaceId: ws.id, maxMb: 1, categories: ['text'] });
    try {
      const big = await post(alice, file.id, 'big.txt', Buffer.alloc(1024 * 1024 + 1, 'a'));
      expect(big.status).toBe(413);
      const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), randomBytes(3000)]);
      expect((await post(alice, file.id, 'a.zip', zip)).status).toBe(400);
      const nameless = await fetch(`${base()}/${file.id}/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}` },
        body: 'x',
      });
      expect(nameless.status).toBe(400);
      // The workspace's policy masks a card number in a version's name as in an upload's.
      const masked = await post(alice, file.id, 'card 4111 1111 1111 1111.txt', Buffer.from('ok'));
      expect(masked.status).toBe(201);
      const body = (await masked.json()) as { file: { name: string; version: number } };
      expect(body.file.version).toBe(2);
      expect(body.file.name).not.toContain('4111 1111');
    } finally {
      await ws.api.attachment.updateSettings({
        workspaceId: ws.id,
        maxMb: 25,
        categories: ['image', 'pdf', 'document', 'text', 'archive', 'audio', 'video', 'other'],
      });
    }
    expect((await versionRows(file.id)).map((v) => v.version)).toEqual([1, 2]);
  });
});
