import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceWith, type TestWorkspace } from '../../../test/factories';
import { previewed, sendFileAs, settled } from '../../../test/files';
import { brokenPdf, testPdf } from '../../../test/pdf';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';
import { scanVersion } from './scan';

// A PDF, once scanned, gets a thumbnail of its first page like a picture does (drawn by PDF.js in
// a render thread, pdf-preview.ts); one that cannot be drawn gets none and stays a file like any.

const app = useTestServer();
let ws: TestWorkspace<{ member: 2 }>;
beforeAll(async () => {
  ws = await workspaceWith({ member: 2 }, { name: `PDF ${randomUUID().slice(0, 6)}` });
  for (const m of ws.member)
    await m.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
});

const fetchAs = (token: string, id: string, part: 'content' | 'thumbnail') =>
  fetch(`${app.url}/api/v1/workspaces/${ws.id}/files/${id}/${part}`, {
    headers: { authorization: `Bearer ${token}` },
  });

const send = (bytes: Buffer, name: string) => sendFileAs(ws.member[0], ws.id, ws.general.id, name, bytes);

const versionOf = (fileId: string) =>
  testRuntime().db.admin.fileVersion.findFirstOrThrow({ where: { workspaceId: ws.id, fileId } });

describe('PDF page previews', () => {
  it('draws the first page of a scanned PDF as a WebP thumbnail of its proportions, told live', async () => {
    const bob = ws.member[1];
    const socket = await connect(app.url, { token: bob.token });
    await joinConversation(socket, { workspaceId: ws.id, conversationId: ws.general.id });
    // A tall first page (200 × 300 points) and a wide second one: the preview is of the first.
    const pdf = testPdf([
      { width: 200, height: 300, fill: [0.9, 0.3, 0.2] },
      { width: 600, height: 200, fill: [0.2, 0.5, 0.9] },
    ]);
    const updated = nextEvent(socket, 'file:updated', 30_000, (p) => p.thumbnail && p.kind === 'pdf');
    const f = await send(pdf, 'report.pdf');
    expect(f).toMatchObject({ kind: 'pdf', mime: 'application/pdf', thumbnail: false });
    expect(await settled(ws.id, f.id)).toBe('clean');
    expect(await previewed(ws.id, f.id)).toEqual({ width: 200, height: 300 });
    const { payload } = await updated;
    expect(payload).toMatchObject({ id: f.id, thumbnail: true, width: 200, height: 300 });

    const thumb = await fetchAs(bob.token, f.id, 'thumbnail');
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(thumb.headers.get('x-content-type-options')).toBe('nosniff');
    const picture = sharp(Buffer.from(await thumb.arrayBuffer()));
    const meta = await picture.metadata();
    expect(meta.format).toBe('webp');
    // Within the thumbnail's 480 pixels, the page's 2 : 3.
    expect(Math.max(meta.width, meta.height)).toBe(480);
    expect(meta.width / meta.height).toBeCloseTo(200 / 300, 2);
    // It is the page that was drawn: its fill at a corner, the dark band across its middle.
    const { data, info } = await picture.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    const [r, g, b] = at(5, 5);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(110);
    expect(b).toBeLessThan(90);
    expect(Math.max(...at(5, Math.floor(info.height / 2)))).toBeLessThan(70);

    const view = await bob.api.attachment.get({ workspaceId: ws.id, fileId: f.id });
    expect(view).toMatchObject({ kind: 'pdf', status: 'clean', thumbnail: true, width: 200, height: 300 });
    const content = await fetchAs(bob.token, f.id, 'content');
    expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);
    socket.close();
  });

  it('gives a broken PDF and a password-protected one no preview: still clean, still downloadable', async () => {
    const bob = ws.member[1];
    for (const [bytes, name] of [
      [brokenPdf(), 'broken.pdf'],
      [testPdf([{ width: 300, height: 200, fill: [0, 0.5, 0] }], { locked: true }), 'locked.pdf'],
    ] as const) {
      const f = await send(bytes, name);
      expect(f.kind).toBe('pdf');
      expect(await settled(ws.id, f.id)).toBe('clean');
      // Scanned again here, so that the preview has certainly been tried when this returns; it
      // settles without an error (a job that threw would be retried, and fail again).
      await testRuntime().db.admin.fileVersion.updateMany({
        where: { workspaceId: ws.id, fileId: f.id },
        data: { status: 'pending' },
      });
      const v = await versionOf(f.id);
      await expect(
        scanVersion(testRuntime(), { workspaceId: ws.id, versionId: v.id }),
      ).resolves.toBeUndefined();
      const after = await versionOf(f.id);
      expect(after).toMatchObject({ status: 'clean', thumbKey: null, width: null, height: null });
      expect((await fetchAs(bob.token, f.id, 'thumbnail')).status).toBe(404);
      const content = await fetchAs(bob.token, f.id, 'content');
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
      const view = await bob.api.attachment.get({ workspaceId: ws.id, fileId: f.id });
      expect(view).toMatchObject({ kind: 'pdf', status: 'clean', thumbnail: false });
    }
  }, 60_000);
});
