import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env';
import { dumpAll } from '../../test/dump';
import { conversation, workspaceWith, type TestWorkspace } from '../../test/factories';
import { PNG_1x1, settled } from '../../test/files';
import { useTestServer } from '../../test/server';
import { testRuntime } from '../../test/runtime';

// Files over HTTP as clients use them: upload with the raw body, download whole and in ranges,
// with the headers that keep a browser from running anything, and nothing to anyone who may not
// read the conversation.

const app = useTestServer();
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const fileDir = () => env().FILE_DIR ?? path.join(env().DATA_DIR, 'files');

async function post(token: string, ws: string, conv: string, name: string, body: Buffer) {
  const r = await fetch(`${app.url}/api/v1/workspaces/${ws}/conversations/${conv}/files`, {
    method: 'POST',
    headers: {
      ...auth(token),
      'x-file-name': encodeURIComponent(name),
      'content-type': 'application/octet-stream',
    },
    body: new Uint8Array(body),
  });
  return {
    status: r.status,
    json: (await r.json()) as {
      file?: { id: string; status: string; size: number; mime: string; name: string };
      data?: { appCode: string };
    },
  };
}
const get = (token: string, ws: string, id: string, part = 'content', headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/v1/workspaces/${ws}/files/${id}/${part}`, {
    headers: { ...auth(token), ...headers },
  });

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    out = f.isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
  }
  return out;
}

let ws: TestWorkspace<{ member: 2; guest: 1 }>;
let other: TestWorkspace;
beforeAll(async () => {
  ws = await workspaceWith({ member: 2, guest: 1 }, { name: `Files ${randomUUID().slice(0, 6)}` });
  other = await workspaceWith({}, { name: `Other ${randomUUID().slice(0, 6)}` });
});

/** An upload by the first member to #general, sent on a message, scanned. */
async function sentFile(body: Buffer, name = 'report.bin') {
  const [alice] = ws.member;
  await alice.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
  const up = await post(alice.token, ws.id, ws.general.id, name, body);
  expect(up.status).toBe(201);
  const id = up.json.file!.id;
  await alice.api.message.send({
    workspaceId: ws.id,
    conversationId: ws.general.id,
    clientMsgId: `f-${randomUUID()}`,
    fileIds: [id],
  });
  await settled(ws.id, id);
  return id;
}

describe('upload and download', () => {
  it('round-trips the bytes, whole and in ranges across segment boundaries, with safe headers', async () => {
    const body = randomBytes(200_000);
    const id = await sentFile(body, 'Quarterly report “final”.bin');
    const [, bob] = ws.member;
    const whole = await get(bob.token, ws.id, id);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);
    expect(whole.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''Quarterly%20report%20%E2%80%9Cfinal%E2%80%9D.bin",
    );
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-security-policy')).toContain('sandbox');
    for (const [start, end] of [
      [0, 0],
      [65_535, 65_537],
      [131_000, 199_999],
      [199_999, 199_999],
    ] as const) {
      const r = await get(bob.token, ws.id, id, 'content', { range: `bytes=${start}-${end}` });
      expect(r.status).toBe(206);
      expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/200000`);
      expect(Buffer.from(await r.arrayBuffer()).equals(body.subarray(start, end + 1))).toBe(true);
    }
    const suffix = await get(bob.token, ws.id, id, 'content', { range: 'bytes=-10' });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(-10))).toBe(true);
    expect((await get(bob.token, ws.id, id, 'content', { range: 'bytes=500000-' })).status).toBe(416);
  });

  it('sniffs the type from the content, whatever the name and the client say', async () => {
    const up = await post(ws.member[0].token, ws.id, ws.general.id, 'not-a-picture.txt', PNG_1x1);
    expect(up.json.file).toMatchObject({ mime: 'image/png', name: 'not-a-picture.txt' });
    const html = await post(
      ws.member[0].token,
      ws.id,
      ws.general.id,
      'page.png',
      Buffer.from('<html><script>alert(1)</script>'),
    );
    expect(html.json.file?.mime).not.toMatch(/^image\//);
  });
});

describe('limits, refused before anything is kept', () => {
  it('refuses a file over the workspace limit (413) and a kind it does not take, storing nothing', async () => {
    await ws.api.attachment.updateSettings({ workspaceId: ws.id, maxMb: 1, categories: ['text', 'image'] });
    const before = filesUnder(fileDir()).length;
    const rows = await testRuntime().db.admin.file.count({ where: { workspaceId: ws.id } });
    const big = await post(ws.member[0].token, ws.id, ws.general.id, 'big.bin', randomBytes(1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.json.data?.appCode).toBe('PAYLOAD_TOO_LARGE');
    const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), randomBytes(3000)]);
    const refused = await post(ws.member[0].token, ws.id, ws.general.id, 'a.zip', zip);
    expect(refused.status).toBe(400);
    expect(filesUnder(fileDir()).filter((f) => !path.basename(f).startsWith('.'))).toHaveLength(before);
    expect(await testRuntime().db.admin.file.count({ where: { workspaceId: ws.id } })).toBe(rows);
    await ws.api.attachment.updateSettings({
      workspaceId: ws.id,
      maxMb: 25,
      categories: ['image', 'pdf', 'document', 'text', 'archive', 'audio', 'video', 'other'],
    });
  });

  it('needs a name, and passes it through the security policy', async () => {
    const r = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/conversations/${ws.general.id}/files`, {
      method: 'POST',
      headers: auth(ws.member[0].token),
      body: 'x',
    });
    expect(r.status).toBe(400);
    // A new workspace masks card numbers: in a file's name as in a message.
    const card = await post(
      ws.member[0].token,
      ws.id,
      ws.general.id,
      'card 4111 1111 1111 1111.txt',
      Buffer.from('x'),
    );
    expect(card.status).toBe(201);
    expect(card.json.file?.name).not.toContain('4111 1111');
    expect(card.json.file?.name).toMatch(/\.txt$/);
    const hit = await testRuntime().db.admin.policyHit.findFirst({
      where: { workspaceId: ws.id, field: 'file.name' },
    });
    expect(hit?.rule).toBe('card');
  });
});

describe('who may fetch', () => {
  it('answers NOT_FOUND to another workspace, a guessed id, a non-member of a private channel', async () => {
    const id = await sentFile(Buffer.from('members only'));
    expect((await get(other.owner.token, ws.id, id)).status).toBe(404);
    expect((await get(other.owner.token, other.id, id)).status).toBe(404);
    expect((await get(ws.member[1].token, ws.id, randomUUID())).status).toBe(404);
    const secret = await conversation(ws, {
      kind: 'channel',
      name: `secret-${randomUUID().slice(0, 6)}`,
      private: true,
      members: [ws.member[0]],
    });
    const up = await post(ws.member[0].token, ws.id, secret.id, 'secret.txt', Buffer.from('secret'));
    const fid = up.json.file!.id;
    await ws.member[0].api.message.send({
      workspaceId: ws.id,
      conversationId: secret.id,
      clientMsgId: `s-${randomUUID()}`,
      fileIds: [fid],
    });
    await settled(ws.id, fid);
    expect((await get(ws.member[1].token, ws.id, fid)).status).toBe(404);
    expect((await get(ws.guest[0].token, ws.id, fid)).status).toBe(404);
    expect((await get(ws.member[0].token, ws.id, fid)).status).toBe(200);
    // Nor may anyone outside it upload there.
    expect((await post(ws.member[1].token, ws.id, secret.id, 'g.txt', Buffer.from('g'))).status).toBe(404);
  });

  it('keeps an upload that was not sent to its uploader alone', async () => {
    const up = await post(ws.member[0].token, ws.id, ws.general.id, 'draft.txt', Buffer.from('draft'));
    const id = up.json.file!.id;
    await settled(ws.id, id);
    expect((await get(ws.member[1].token, ws.id, id)).status).toBe(404);
    expect((await get(ws.member[0].token, ws.id, id)).status).toBe(200);
    await expect(ws.member[1].api.attachment.get({ workspaceId: ws.id, fileId: id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Nor may someone else send it.
    await expect(
      ws.member[1].api.message.send({
        workspaceId: ws.id,
        conversationId: ws.general.id,
        clientMsgId: `x-${randomUUID()}`,
        fileIds: [id],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('encrypted at rest', () => {
  it('leaves neither the bytes nor the name in the store or the database', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const name = `NAME-CANARY-${randomUUID()}.txt`;
    const id = await sentFile(Buffer.from(`${canary}\n`.repeat(2000)), name);
    const stored = filesUnder(fileDir()).map((f) => readFileSync(f));
    expect(stored.length).toBeGreaterThan(0);
    for (const b of stored) {
      expect(b.includes(canary)).toBe(false);
      expect(b.includes(name)).toBe(false);
    }
    const dump = await dumpAll();
    expect(dump).not.toContain(canary);
    expect(dump).not.toContain(name);
    expect(dump).not.toContain(Buffer.from(name).toString('hex'));
    // And it still reads back.
    const r = await get(ws.member[1].token, ws.id, id);
    expect(
      createHash('sha256')
        .update(Buffer.from(await r.arrayBuffer()))
        .digest('hex'),
    ).toBe(
      createHash('sha256')
        .update(Buffer.from(`${canary}\n`.repeat(2000)))
        .digest('hex'),
    );
    expect(statSync(fileDir()).isDirectory()).toBe(true);
  });
});
