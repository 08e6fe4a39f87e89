import { randomUUID } from 'node:crypto';
import type { Caller } from './factories';
import type { TestUser } from './actors';
import { settled, uploadAs } from './files';

/**
 * A file_comment thread (for RLS and drift tests): the owner's picture in #general with a comment
 * on a region of it, a reply, and the thread resolved.
 */
export async function seedComments(ws: {
  id: string;
  general: { id: string };
  owner: TestUser & { api: Caller };
}) {
  const f = await uploadAs(ws.owner, ws.id, ws.general.id, 'commented.txt', Buffer.from('commented'));
  await ws.owner.api.message.send({
    workspaceId: ws.id,
    conversationId: ws.general.id,
    clientMsgId: `seed-comment-${randomUUID()}`,
    fileIds: [f.id],
  });
  await settled(ws.id, f.id);
  const api = ws.owner.api.attachment;
  const first = await api.addComment({
    workspaceId: ws.id,
    fileId: f.id,
    body: 'Is this the final figure?',
    anchor: { page: 1, rect: { x: 0.25, y: 0.25, w: 0.5, h: 0.1 } },
  });
  await api.addComment({ workspaceId: ws.id, fileId: f.id, body: 'Yes', parentId: first.id });
  await api.resolveComment({ workspaceId: ws.id, commentId: first.id, resolved: true });
}
