import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conversation,
  widgetOn,
  widgetVisitor,
  workspaceWith,
  type Person,
  type TestWorkspace,
} from '../../test/factories';
import { PNG_1x1, replaceAs, settled, uploadAs } from '../../test/files';
import { testRuntime } from '../../test/runtime';
import { useTestServer } from '../../test/server';
import { connect, nextEvent } from '../../test/sockets';

// A file in a private channel shared with a member outside it: what each flag lets them do, and
// that an expired or revoked share gives NOT_FOUND exactly like a guessed id (docs/files.md,
// "Sharing").

const app = useTestServer();
let ws: TestWorkspace<{ admin: 1; member: 3 }>;
let other: TestWorkspace;
/** alice uploads in #secret (with bob); carol and dave are members outside it. */
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;
let secret: { id: string };

beforeAll(async () => {
  ws = await workspaceWith({ admin: 1, member: 3 }, { name: `Sharing ${randomUUID().slice(0, 6)}` });
  other = await workspaceWith({}, { name: `Elsewhere ${randomUUID().slice(0, 6)}` });
  [alice, carol, dave] = ws.member;
  bob = ws.admin[0];
  secret = await conversation(ws, {
    kind: 'channel',
    name: `secret-${randomUUID().slice(0, 6)}`,
    private: true,
    members: [alice],
    by: alice,
  });
});

const url = (id: string, part = 'content', query = '') =>
  `${app.url}/api/v1/workspaces/${ws.id}/files/${id}/${part}${query}`;
const fetchAs = (who: Person, id: string, part = 'content', query = '') =>
  fetch(url(id, part, query), { headers: { authorization: `Bearer ${who.token}` } });
const code = async (r: Response) =>
  ((await r.json()) as { data?: { appCode?: string } }).data?.appCode ?? String(r.status);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'thrown',
  );

/** Alice's file in #secret, sent and scanned. */
async function secretFile(bytes: Buffer = Buffer.from('for the few'), name = 'secret.txt') {
  const f = await uploadAs(alice, ws.id, secret.id, name, bytes);
  const { message } = await alice.api.message.send({
    workspaceId: ws.id,
    conversationId: secret.id,
    clientMsgId: `sh-${randomUUID()}`,
    fileIds: [f.id],
  });
  expect(await settled(ws.id, f.id)).toBe('clean');
  return { ...f, messageId: message.id };
}

const share = (
  by: Person,
  fileId: string,
  userId: string,
  flags: { comment?: boolean; replace?: boolean; download?: boolean; expiresAt?: string } = {},
) => by.api.attachment.share({ workspaceId: ws.id, fileId, userId, ...flags });

describe('a share with download', () => {
  it('lets a member outside the private channel see the file, its versions, and download it', async () => {
    const f = await secretFile(Buffer.from('the plan'));
    expect((await fetchAs(carol, f.id)).status).toBe(404);
    await expect(carol.api.attachment.get({ workspaceId: ws.id, fileId: f.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const socket = await connect(app.url, { token: carol.token });
    const heard = nextEvent(socket, 'notification', 5_000, (p) => p.kind === 'file_shared');
    const made = await share(alice, f.id, carol.userId, { download: true });
    expect(made).toMatchObject({ userId: carol.userId, read: true, download: true, replace: false });
    expect((await heard).payload).toMatchObject({ conversationId: secret.id, messageId: f.messageId });

    const got = await carol.api.attachment.get({ workspaceId: ws.id, fileId: f.id });
    expect(got).toMatchObject({
      name: 'secret.txt',
      access: { via: 'share', download: true, replace: false, manage: false },
    });
    expect(got.access.share).toMatchObject({ id: made.id, createdBy: alice.userId, expiresAt: null });
    const r = await fetchAs(carol, f.id);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('the plan');
    const { versions } = await carol.api.attachment.versions({ workspaceId: ws.id, fileId: f.id });
    expect(versions).toEqual([expect.objectContaining({ version: 1, fetchable: true })]);
    // The conversation itself stays closed to them.
    await expect(
      carol.api.message.history({ workspaceId: ws.id, conversationId: secret.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await carol.api.attachment.sharedWithMe({ workspaceId: ws.id })).toMatchObject({
      files: [{ share: { id: made.id }, file: { id: f.id, name: 'secret.txt' } }],
    });

    // The notification, written with the share, points at the file.
    const rows = await testRuntime().db.admin.notification.findMany({
      where: { workspaceId: ws.id, userId: carol.userId, kind: 'file_shared' },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      conversationId: secret.id,
      messageId: f.messageId,
      fileId: f.id,
      actorId: alice.userId,
      readAt: null,
    });
    const listed = await carol.api.notification.list({ workspaceId: ws.id });
    expect(listed.find((n) => n.kind === 'file_shared')).toMatchObject({
      fileId: f.id,
      actorId: alice.userId,
    });

    const audited = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id, action: 'file.share', targetId: carol.userId },
    });
    expect(audited.map((a) => a.data)).toEqual([
      expect.objectContaining({ fileId: f.id, shareId: made.id, download: true, replace: false }),
    ]);
  });
});

describe('a share without download', () => {
  it('shows the file and its thumbnail, and refuses its content with FORBIDDEN', async () => {
    const f = await secretFile(PNG_1x1, 'dot.png');
    await share(alice, f.id, dave.userId);
    expect(await dave.api.attachment.get({ workspaceId: ws.id, fileId: f.id })).toMatchObject({
      kind: 'image',
      access: { via: 'share', download: false },
    });
    const content = await fetchAs(dave, f.id);
    expect(content.status).toBe(403);
    expect(await code(content)).toBe('FORBIDDEN');
    expect((await fetchAs(dave, f.id, 'content', '?version=1')).status).toBe(403);
    expect((await fetchAs(dave, f.id, 'thumbnail')).status).toBe(200);
    const { versions } = await dave.api.attachment.versions({ workspaceId: ws.id, fileId: f.id });
    expect(versions[0]?.fetchable).toBe(false);
  });
});

describe('an ended share', () => {
  it('answers NOT_FOUND once revoked, exactly like a guessed id, everywhere', async () => {
    const f = await secretFile();
    const s = await share(alice, f.id, carol.userId, { download: true });
    expect((await fetchAs(carol, f.id)).status).toBe(200);
    const revoked = await alice.api.attachment.revokeShare({ workspaceId: ws.id, shareId: s.id });
    expect(revoked.id).toBe(s.id);
    const guessed = randomUUID();
    for (const id of [f.id, guessed]) {
      const r = await fetchAs(carol, id);
      expect([r.status, await code(r)]).toEqual([404, 'NOT_FOUND']);
      expect((await fetchAs(carol, id, 'thumbnail')).status).toBe(404);
      expect(await refusal(carol.api.attachment.get({ workspaceId: ws.id, fileId: id }))).toBe('NOT_FOUND');
      expect(await refusal(carol.api.attachment.versions({ workspaceId: ws.id, fileId: id }))).toBe(
        'NOT_FOUND',
      );
    }
    expect(
      (await carol.api.attachment.sharedWithMe({ workspaceId: ws.id })).files.map((x) => x.file.id),
    ).not.toContain(f.id);
    // Revoked once is revoked: a second revocation finds nothing.
    expect(await refusal(alice.api.attachment.revokeShare({ workspaceId: ws.id, shareId: s.id }))).toBe(
      'NOT_FOUND',
    );
    const unshared = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id, action: 'file.unshare', targetId: carol.userId },
    });
    expect(unshared.map((a) => a.data)).toContainEqual(
      expect.objectContaining({ fileId: f.id, shareId: s.id }),
    );
  });

  it('answers NOT_FOUND once expired; a share must end in the future', async () => {
    const f = await secretFile();
    expect(
      await refusal(
        share(alice, f.id, dave.userId, { expiresAt: new Date(Date.now() - 1000).toISOString() }),
      ),
    ).toBe('BAD_REQUEST');
    const s = await share(alice, f.id, dave.userId, {
      download: true,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await fetchAs(dave, f.id)).status).toBe(200);
    // An hour later.
    await testRuntime().db.admin.fileShare.update({
      where: { workspaceId_id: { workspaceId: ws.id, id: s.id } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const r = await fetchAs(dave, f.id);
    expect([r.status, await code(r)]).toEqual([404, 'NOT_FOUND']);
    expect(await refusal(dave.api.attachment.get({ workspaceId: ws.id, fileId: f.id }))).toBe('NOT_FOUND');
    expect(
      (await dave.api.attachment.sharedWithMe({ workspaceId: ws.id })).files.map((x) => x.file.id),
    ).not.toContain(f.id);
    // Its sharer still sees it, marked expired, and may share it again.
    const { shares } = await alice.api.attachment.shares({ workspaceId: ws.id, fileId: f.id });
    expect(shares).toEqual([expect.objectContaining({ id: s.id, expired: true })]);
    const again = await share(alice, f.id, dave.userId, { download: true });
    expect(
      (await alice.api.attachment.shares({ workspaceId: ws.id, fileId: f.id })).shares.map((x) => x.id),
    ).toEqual([again.id]);
    expect((await fetchAs(dave, f.id)).status).toBe(200);
  });
});

describe('who may share, and with whom', () => {
  it('refuses a share to anyone outside the workspace, a widget visitor, or oneself', async () => {
    const f = await secretFile();
    expect(await refusal(share(alice, f.id, other.owner.userId))).toBe('NOT_FOUND');
    expect(await refusal(share(alice, f.id, 'nobody-at-all'))).toBe('NOT_FOUND');
    const visitor = await widgetVisitor(ws, {
      secret: await widgetOn(ws, { anonymous: false }),
      claims: { sub: 'v1', name: 'Vee' },
      from: null,
    });
    expect(await refusal(share(alice, f.id, visitor.userId))).toBe('NOT_FOUND');
    expect(await refusal(share(alice, f.id, alice.userId))).toBe('BAD_REQUEST');
    expect(
      await testRuntime().db.admin.fileShare.count({ where: { workspaceId: ws.id, fileId: f.id } }),
    ).toBe(0);
  });

  it('lets its uploader and admins share and list shares; not a member who only holds a share', async () => {
    const f = await secretFile();
    // An admin shares what they can see: outside the private channel the file is not there for them.
    expect(await refusal(share(bob, f.id, carol.userId))).toBe('NOT_FOUND');
    await alice.api.channel.addMember({ workspaceId: ws.id, channelId: secret.id, userId: bob.userId });
    const s = await share(bob, f.id, carol.userId, { replace: true });
    expect(await refusal(share(carol, f.id, dave.userId))).toBe('FORBIDDEN');
    expect(await refusal(carol.api.attachment.shares({ workspaceId: ws.id, fileId: f.id }))).toBe(
      'FORBIDDEN',
    );
    expect(await refusal(carol.api.attachment.revokeShare({ workspaceId: ws.id, shareId: s.id }))).toBe(
      'FORBIDDEN',
    );
    // Someone who cannot see the file learns nothing of it or its shares.
    expect(await refusal(dave.api.attachment.shares({ workspaceId: ws.id, fileId: f.id }))).toBe('NOT_FOUND');
    expect(await refusal(dave.api.attachment.revokeShare({ workspaceId: ws.id, shareId: s.id }))).toBe(
      'NOT_FOUND',
    );
    const { shares } = await alice.api.attachment.shares({ workspaceId: ws.id, fileId: f.id });
    expect(shares).toEqual([
      expect.objectContaining({ id: s.id, userId: carol.userId, createdBy: bob.userId }),
    ]);
    // Sharing again with the same person replaces the share: one in force per file and person.
    const second = await share(alice, f.id, carol.userId, { download: true });
    const now = (await alice.api.attachment.shares({ workspaceId: ws.id, fileId: f.id })).shares;
    expect(now.map((x) => [x.id, x.download, x.replace])).toEqual([[second.id, true, false]]);
    expect(
      await testRuntime().db.admin.notification.count({
        where: { workspaceId: ws.id, userId: carol.userId, kind: 'file_shared', fileId: f.id },
      }),
    ).toBe(1);
  });

  it('lets a share with replace upload a new version, and one without it not', async () => {
    const f = await secretFile(Buffer.from('version one'));
    await share(alice, f.id, carol.userId, { replace: true, download: true });
    await share(alice, f.id, dave.userId, { download: true });
    // Dave is not in the channel: he hears of the new version as a share holder.
    const socket = await connect(app.url, { token: dave.token });
    const told = nextEvent(socket, 'file:updated', 10_000, (p) => p.id === f.id && p.version === 2);
    const v2 = await replaceAs(carol, ws.id, f.id, 'secret.txt', Buffer.from('version two'));
    expect(v2).toMatchObject({ version: 2, versionUploaderId: carol.userId });
    expect((await told).payload).toMatchObject({ workspaceId: ws.id, servedVersion: 1 });
    await expect(replaceAs(dave, ws.id, f.id, 'secret.txt', Buffer.from('no'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await settled(ws.id, f.id)).toBe('clean');
    expect(await (await fetchAs(dave, f.id)).text()).toBe('version two');
    expect(await (await fetchAs(alice, f.id, 'content', '?version=1')).text()).toBe('version one');
  });
});

describe('erasure', () => {
  it('deletes the shares with an erased person, and keeps those they made under their pseudonym', async () => {
    const f = await secretFile();
    // bob (an admin, in #secret since the test above) shares with dave; alice with carol.
    const byBob = await share(bob, f.id, dave.userId, { download: true });
    await share(alice, f.id, carol.userId);
    await ws.api.compliance.erase({ workspaceId: ws.id, userId: carol.userId });
    await ws.api.compliance.erase({ workspaceId: ws.id, userId: bob.userId });
    const left = await testRuntime().db.admin.fileShare.findMany({
      where: { workspaceId: ws.id, fileId: f.id },
    });
    expect(left.map((s) => s.userId)).toEqual([dave.userId]);
    expect(left[0]).toMatchObject({ id: byBob.id, revokedAt: null });
    expect(left[0]?.createdBy).toMatch(/^erased-[0-9a-f]{16}$/);
    expect(
      await testRuntime().db.admin.fileShare.count({ where: { workspaceId: ws.id, userId: carol.userId } }),
    ).toBe(0);
    expect((await fetchAs(dave, f.id)).status).toBe(200);
  });
});
