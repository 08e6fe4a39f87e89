import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/factories';
import { PNG_1x1 } from '../../../test/files';
import { restOn } from '../../../test/http';
import { useNodes, useRedis } from '../../../test/nodes';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';

// Files on two nodes of one deployment: an upload through A, its scan's verdict and thumbnail
// reaching a socket on B; a comment made through A arriving on B; and the bytes served by B.
// What crosses between them crosses through Redis (events) and the shared database and store.

const redis = useRedis();
const [a, b] = useNodes(redis, ['files-a', 'files-b']);

describe('files on two nodes', () => {
  it('an upload through A is scanned, shown and commented live on B, and B serves its bytes', async () => {
    const ws = await workspaceWith({ member: 1 }, { name: `Files nodes ${randomUUID().slice(0, 6)}` });
    const [bob] = ws.member;
    const onB = await connect(b.url, { token: bob.token });
    await joinConversation(onB, { workspaceId: ws.id, conversationId: ws.general.id });

    const up = await fetch(`${a.url}/api/v1/workspaces/${ws.id}/conversations/${ws.general.id}/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ws.owner.token}`,
        'x-file-name': 'pixel.png',
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(PNG_1x1),
    });
    expect(up.status).toBe(201);
    const { file } = (await up.json()) as { file: { id: string } };
    const ready = nextEvent(onB, 'file:updated', 20_000, (p) => p.id === file.id && p.thumbnail);
    const sent = await restOn(
      a,
      ws.owner.token,
      'POST',
      `/workspaces/${ws.id}/conversations/${ws.general.id}/messages`,
      {
        clientMsgId: `n-${randomUUID()}`,
        body: 'from node A',
        fileIds: [file.id],
      },
    );
    expect(sent.status).toBe(200);
    expect((await ready).payload).toMatchObject({ id: file.id, status: 'clean', thumbnail: true });

    const heard = nextEvent(onB, 'file:comment', 5000, (p) => p.fileId === file.id);
    const c = await restOn(a, ws.owner.token, 'POST', `/workspaces/${ws.id}/files/${file.id}/comments`, {
      body: 'From node A',
      anchor: { page: 1, rect: { x: 0.5, y: 0.5 } },
    });
    expect(c.status).toBe(200);
    expect((await heard).payload).toMatchObject({ change: 'added', comment: { body: 'From node A' } });

    const got = await fetch(`${b.url}/api/v1/workspaces/${ws.id}/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG_1x1)).toBe(true);
  });
});
