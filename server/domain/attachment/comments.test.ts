import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { conversation, workspaceWith, type Person, type TestWorkspace } from '../../../test/factories';
import { PNG_1x1, sendFileAs, settled } from '../../../test/files';
import { testRuntime } from '../../../test/runtime';
import { useTestServer } from '../../../test/server';
import { connect, joinConversation, nextEvent } from '../../../test/sockets';

// Positioned comments: threads anchored to a region of a page of a version, live for everyone
// looking, resolvable, carried over to new versions, and only for those who see the file.

const app = useTestServer();
let ws: TestWorkspace<{ admin: 1; member: 3 }>;
let alice: Person, bob: Person, carol: Person, admin: Person;
beforeAll(async () => {
  ws = await workspaceWith({ admin: 1, member: 3 }, { name: `Comments ${randomUUID().slice(0, 6)}` });
  [alice, bob, carol] = ws.member;
  [admin] = ws.admin;
});

/** A picture of `who`'s, sent in `conversationId` and scanned. */
async function picture(who: Person, conversationId = ws.general.id) {
  const f = await sendFileAs(who, ws.id, conversationId, 'plan.png', PNG_1x1);
  await settled(ws.id, f.id);
  return f;
}
const region = { x: 0.1, y: 0.2, w: 0.3, h: 0.25 };

describe('positioned comments', () => {
  it('round-trip with their anchor, replies sit with their thread, and threads resolve', async () => {
    const f = await picture(alice);
    const first = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Is this wall load-bearing?',
      anchor: { page: 1, rect: region },
    });
    expect(first).toMatchObject({
      parentId: null,
      version: 1,
      page: 1,
      onEarlierVersion: false,
      authorId: bob.userId,
      body: 'Is this wall load-bearing?',
      resolvedAt: null,
    });
    expect(first.rect.x).toBeCloseTo(0.1, 5);
    expect(first.rect.h).toBeCloseTo(0.25, 5);
    const reply = await alice.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Yes, keep it.',
      parentId: first.id,
    });
    expect(reply).toMatchObject({ parentId: first.id, version: 1, page: 1 });
    expect(reply.rect).toEqual(first.rect);
    // A reply to the reply joins the same thread.
    const third = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Thanks',
      parentId: reply.id,
    });
    expect(third.parentId).toBe(first.id);

    const list = await carol.api.attachment.comments({ workspaceId: ws.id, fileId: f.id });
    expect(list.map((c) => c.body)).toEqual(['Is this wall load-bearing?', 'Yes, keep it.', 'Thanks']);

    const resolved = await carol.api.attachment.resolveComment({
      workspaceId: ws.id,
      commentId: first.id,
      resolved: true,
    });
    expect(resolved).toMatchObject({ resolvedBy: carol.userId, resolvedAt: expect.any(String) as unknown });
    await expect(
      carol.api.attachment.resolveComment({ workspaceId: ws.id, commentId: reply.id, resolved: true }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const reopened = await alice.api.attachment.resolveComment({
      workspaceId: ws.id,
      commentId: first.id,
      resolved: false,
    });
    expect(reopened.resolvedAt).toBeNull();
    // The text is stored encrypted.
    const row = await testRuntime().db.admin.fileComment.findFirstOrThrow({ where: { id: first.id } });
    expect(Buffer.from(row.body).toString('latin1')).not.toContain('load-bearing');
  });

  it('arrive live for everyone looking at the conversation', async () => {
    const f = await picture(alice);
    const watcher = await connect(app.url, { token: carol.token });
    await joinConversation(watcher, { workspaceId: ws.id, conversationId: ws.general.id });
    const heard = nextEvent(watcher, 'file:comment', 5000, (p) => p.fileId === f.id);
    const c = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Live pin',
      anchor: { page: 1, rect: { x: 0.5, y: 0.5, w: 0, h: 0 } },
    });
    const { payload } = await heard;
    expect(payload).toMatchObject({
      workspaceId: ws.id,
      change: 'added',
      comment: { id: c.id, body: 'Live pin' },
    });
    const gone = nextEvent(watcher, 'file:comment', 5000, (p) => p.change === 'deleted');
    await bob.api.attachment.deleteComment({ workspaceId: ws.id, commentId: c.id });
    expect((await gone).payload.comment).toMatchObject({ id: c.id, body: null });
  });

  it('carry over to a new version, marked as made on an earlier one', async () => {
    const f = await picture(alice);
    const old = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Move this door',
      anchor: { page: 1, rect: region },
    });
    const r = await fetch(`${app.url}/api/v1/workspaces/${ws.id}/files/${f.id}/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice.token}`,
        'x-file-name': 'plan-v2.png',
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(PNG_1x1),
    });
    expect(r.status).toBe(201);
    await settled(ws.id, f.id);
    const fresh = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Better now',
      anchor: { page: 1, rect: region },
    });
    const list = await bob.api.attachment.comments({ workspaceId: ws.id, fileId: f.id });
    expect(list.map((c) => [c.id, c.version, c.onEarlierVersion])).toEqual([
      [old.id, 1, true],
      [fresh.id, 2, false],
    ]);
    // An anchor on a version that does not exist is refused.
    await expect(
      bob.api.attachment.addComment({
        workspaceId: ws.id,
        fileId: f.id,
        body: 'From the future',
        anchor: { version: 9, page: 1, rect: region },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuse a region off the page, an empty text, or both an anchor and a parent, storing nothing', async () => {
    const f = await picture(alice);
    const bad = [
      { body: 'x', anchor: { page: 1, rect: { x: 0.8, y: 0.1, w: 0.3, h: 0.1 } } },
      { body: 'x', anchor: { page: 1, rect: { x: -0.1, y: 0.1 } } },
      { body: 'x', anchor: { page: 0, rect: region } },
      { body: '   ', anchor: { page: 1, rect: region } },
      { body: 'x' },
      { body: 'x', anchor: { page: 1, rect: region }, parentId: randomUUID() },
    ];
    for (const input of bad)
      await expect(
        bob.api.attachment.addComment({ workspaceId: ws.id, fileId: f.id, ...(input as { body: string }) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await testRuntime().db.admin.fileComment.count({ where: { fileId: f.id } })).toBe(0);
  });

  it('pass the security policy: a card number is masked', async () => {
    const f = await picture(alice);
    const c = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Pay with 4111 1111 1111 1111',
      anchor: { page: 1, rect: region },
    });
    expect(c.body).not.toContain('4111 1111 1111 1111');
  });
});

describe('who may comment', () => {
  it('follows the file: a non-member of a private channel gets NOT_FOUND, a read-only share may not comment', async () => {
    const room = await conversation(ws, { kind: 'channel', private: true, members: [alice], by: alice });
    const f = await picture(alice, room.id);
    const anchor = { page: 1, rect: region };
    await expect(bob.api.attachment.comments({ workspaceId: ws.id, fileId: f.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      bob.api.attachment.addComment({ workspaceId: ws.id, fileId: f.id, body: 'hi', anchor }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await alice.api.attachment.share({ workspaceId: ws.id, fileId: f.id, userId: bob.userId });
    expect(await bob.api.attachment.comments({ workspaceId: ws.id, fileId: f.id })).toEqual([]);
    await expect(
      bob.api.attachment.addComment({ workspaceId: ws.id, fileId: f.id, body: 'hi', anchor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await alice.api.attachment.share({
      workspaceId: ws.id,
      fileId: f.id,
      userId: carol.userId,
      comment: true,
    });
    const c = await carol.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'via share',
      anchor,
    });
    expect(c.authorId).toBe(carol.userId);
  });

  it('lets its author or an admin delete a comment, and audits an admin’s', async () => {
    const f = await picture(alice);
    const c = await bob.api.attachment.addComment({
      workspaceId: ws.id,
      fileId: f.id,
      body: 'Delete me',
      anchor: { page: 1, rect: region },
    });
    await expect(
      carol.api.attachment.deleteComment({ workspaceId: ws.id, commentId: c.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.api.channel.join({ workspaceId: ws.id, channelId: ws.general.id }).catch(() => undefined);
    await admin.api.attachment.deleteComment({ workspaceId: ws.id, commentId: c.id });
    const audited = await testRuntime().db.admin.auditEvent.findMany({
      where: { workspaceId: ws.id, action: 'file.comment_delete' },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.targetId).toBe(f.id);
  });
});
