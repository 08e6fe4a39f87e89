import { randomUUID } from 'node:crypto';
import { ZipArchive } from 'archiver';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner } from '../../lib/scan/clamd';
import { workspaceWith, type TestWorkspace } from '../../../test/factories';
import { eicar, PNG_1x1, sendFileAs, settled, uploadAs } from '../../../test/files';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { scanVersion } from './scan';

// Every upload waits for ClamAV (the run's daemon, test/setup/global.ts) before anyone but its
// uploader may fetch it; what it finds is quarantined, told and audited.

const app = useTestServer();
let ws: TestWorkspace<{ member: 2 }>;
beforeAll(async () => {
  ws = await workspaceWith({ member: 2 }, { name: `Scan ${randomUUID().slice(0, 6)}` });
  for (const m of ws.member)
    await m.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
});

const fetchAs = (token: string, id: string, part = 'content') =>
  fetch(`${app.url}/api/v1/workspaces/${ws.id}/files/${id}/${part}`, {
    headers: { authorization: `Bearer ${token}` },
  });

const send = (bytes: Buffer, name: string) => sendFileAs(ws.member[0], ws.id, ws.general.id, name, bytes);

async function zipped(name: string, content: Buffer): Promise<Buffer> {
  const z = new ZipArchive({ zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => z.on('end', r));
  z.append(content, { name });
  await z.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe('malware scanning', () => {
  it('needs the daemon: the run has one', () => {
    expect(
      testRuntime().files.scanner(),
      'clamd is not installed: apt-get install clamav-daemon',
    ).not.toBeNull();
  });

  it('lets a clean file through once scanned, and its image a thumbnail', async () => {
    const f = await send(PNG_1x1, 'dot.png');
    expect(f.status).toBe('pending');
    expect(await settled(ws.id, f.id)).toBe('clean');
    const thumb = await fetchAs(ws.member[1].token, f.id, 'thumbnail');
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    const view = await ws.member[1].api.attachment.get({ workspaceId: ws.id, fileId: f.id });
    expect(view).toMatchObject({ status: 'clean', thumbnail: true, width: 1, height: 1, kind: 'image' });
  });

  it('quarantines EICAR and a zipped test file: nobody fetches them, the uploader is told, it is audited', async () => {
    for (const [bytes, name] of [
      [eicar(), 'eicar.com'],
      [await zipped('inner/eicar.txt', eicar()), 'harmless.zip'],
    ] as const) {
      const f = await uploadAs(ws.member[0], ws.id, ws.general.id, name, bytes);
      expect(await settled(ws.id, f.id)).toBe('infected');
      expect((await fetchAs(ws.member[0].token, f.id)).status).toBe(403);
      expect((await fetchAs(ws.member[1].token, f.id)).status).toBe(404);
      // Nor can it be sent on.
      await expect(
        ws.member[0].api.message.send({
          workspaceId: ws.id,
          conversationId: ws.general.id,
          clientMsgId: `r-${randomUUID()}`,
          fileIds: [f.id],
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const audit = await testRuntime().db.admin.auditEvent.findFirst({
        where: { workspaceId: ws.id, action: 'file.infected', targetId: f.id },
      });
      expect(audit?.data).toMatchObject({ signature: expect.stringContaining('EICAR') as unknown });
      const told = await testRuntime().db.admin.notification.findFirst({
        where: { workspaceId: ws.id, userId: ws.member[0].userId, kind: 'file_blocked' },
        orderBy: { createdAt: 'desc' },
      });
      expect(told?.detail).toContain(name);
    }
  });

  it('lets only the uploader fetch a file before its scan', async () => {
    const [alice, bob] = ws.member;
    const f = await uploadAs(alice, ws.id, ws.general.id, 'early.txt', Buffer.from('early'));
    await alice.api.message.send({
      workspaceId: ws.id,
      conversationId: ws.general.id,
      clientMsgId: `e-${randomUUID()}`,
      fileIds: [f.id],
    });
    // Put it back to pending as if the scan had not run yet.
    await settled(ws.id, f.id);
    await testRuntime().db.admin.fileVersion.updateMany({
      where: { workspaceId: ws.id, fileId: f.id },
      data: { status: 'pending' },
    });
    expect((await fetchAs(bob.token, f.id)).status).toBe(403);
    expect((await fetchAs(alice.token, f.id)).status).toBe(200);
  });

  it('follows the workspace setting when the scanner cannot be reached', async () => {
    const rt = testRuntime();
    const nowhere = clamdScanner({ host: '127.0.0.1', port: 1 });
    const deps = { ...rt, files: { ...rt.files, scanner: () => nowhere } };
    for (const [setting, expected] of [
      ['allow', 'unscanned'],
      ['block', 'blocked'],
    ] as const) {
      await ws.api.attachment.updateSettings({ workspaceId: ws.id, unscannable: setting });
      const f = await uploadAs(ws.member[0], ws.id, ws.general.id, `${setting}.txt`, Buffer.from(setting));
      await settled(ws.id, f.id);
      const [v] = await rt.db.admin.fileVersion.findMany({ where: { workspaceId: ws.id, fileId: f.id } });
      // After the runtime's own scan: pending again, and scanned with the dead scanner.
      await rt.db.admin.fileVersion.updateMany({
        where: { workspaceId: ws.id, fileId: f.id },
        data: { status: 'pending' },
      });
      await scanVersion(deps, { workspaceId: ws.id, versionId: v!.id });
      const after = await rt.db.admin.fileVersion.findFirst({ where: { workspaceId: ws.id, fileId: f.id } });
      expect(after?.status).toBe(expected);
    }
    await ws.api.attachment.updateSettings({ workspaceId: ws.id, unscannable: 'allow' });
  }, 30_000);
});
