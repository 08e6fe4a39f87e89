import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Tx } from '../../db/client';
import type { FileComment } from '../../db/generated/client';
import { keyVersionOf } from '../../lib/crypto/aead';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { atLeast } from '../../../shared/roles';
import { audit } from '../audit/append';
import type { KeyServices } from '../deps';
import type { DomainEvent } from '../events';
import { requirePerson } from '../message/access';
import { policyFields } from '../policy/fields';
import type { ServiceCtx } from '../scope';
import { inForce, visibleFile } from './access';
import { commentBinding } from './bindings';
import type { addCommentInput, CommentOutput, resolveCommentInput } from './comment-schemas';

async function view(tx: Tx, keys: KeyServices, c: FileComment, current: number): Promise<CommentOutput> {
  const body = await keys.ring
    .decrypt(tx, commentBinding(c.workspaceId, c.id), Buffer.from(c.body))
    .catch(() => null);
  return {
    id: c.id,
    fileId: c.fileId,
    parentId: c.parentId,
    version: c.version,
    page: c.page,
    rect: { x: c.x, y: c.y, w: c.w, h: c.h },
    onEarlierVersion: c.version < current,
    authorId: c.authorId,
    body,
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    resolvedBy: c.resolvedBy,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Who hears of a comment: the file's conversation, and whoever holds a share of it in force. */
async function commentEvent(
  ctx: ServiceCtx,
  f: { id: string; conversationId: string },
  change: 'added' | 'resolved' | 'reopened' | 'deleted',
  comment: CommentOutput,
): Promise<DomainEvent> {
  const holders = await ctx.tx.fileShare.findMany({
    where: { workspaceId: ctx.scope.workspaceId, fileId: f.id, ...inForce() },
    select: { userId: true },
  });
  return {
    type: 'file:comment',
    workspaceId: ctx.scope.workspaceId,
    conversationId: f.conversationId,
    fileId: f.id,
    change,
    comment,
    sharedWith: holders.map((h) => h.userId),
  };
}

/** A file's comments, oldest first (threads as their first comment, replies after it), for whoever sees the file. */
export async function listComments(ctx: ServiceCtx, input: { fileId: string }): Promise<CommentOutput[]> {
  const f = await visibleFile(ctx, input.fileId);
  const rows = await ctx.tx.fileComment.findMany({
    where: { workspaceId: ctx.scope.workspaceId, fileId: f.id },
    orderBy: { createdAt: 'asc' },
    take: 1000,
  });
  return Promise.all(rows.map((c) => view(ctx.tx, ctx.deps.keys, c, f.currentVersion)));
}

/**
 * A new comment: a thread anchored to a region of a page of a version (the current one unless
 * named), or a reply in a thread. Whoever may read the conversation may comment once the file is
 * sent; a share lets its holder comment when it says so. The text passes the security policy.
 */
export async function addComment(ctx: ServiceCtx, input: z.infer<typeof addCommentInput>) {
  const me = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const f = await visibleFile(ctx, input.fileId);
  if (!f.access.comment) throw forbidden('You may look at this file but not comment on it');
  let anchor: { version: number; page: number; x: number; y: number; w: number; h: number };
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = await ctx.tx.fileComment.findUnique({
      where: { workspaceId_id: { workspaceId: ws, id: input.parentId } },
    });
    if (parent?.fileId !== f.id) throw notFound('Comment');
    // Replies hang off the thread's first comment and sit where it does.
    parentId = parent.parentId ?? parent.id;
    anchor = {
      version: parent.version,
      page: parent.page,
      x: parent.x,
      y: parent.y,
      w: parent.w,
      h: parent.h,
    };
  } else if (input.anchor) {
    const version = input.anchor.version ?? f.currentVersion;
    if (version > f.currentVersion) throw notFound('Version');
    const { x, y, w, h } = input.anchor.rect;
    anchor = { version, page: input.anchor.page, x, y, w, h };
  } else throw new AppError('BAD_REQUEST', 'Give an anchor for a new thread, or the comment it replies to');
  const { 'file.comment': body = input.body } = await policyFields(ctx, me, f.conversationId, {
    'file.comment': input.body,
  });
  const id = randomUUID();
  const blob = await ctx.deps.keys.ring.encrypt(ctx.tx, commentBinding(ws, id), body, me);
  const row = await ctx.tx.fileComment.create({
    data: {
      workspaceId: ws,
      id,
      fileId: f.id,
      parentId,
      ...anchor,
      authorId: me,
      body: new Uint8Array(blob),
      keyVersion: keyVersionOf(blob),
    },
  });
  const out = await view(ctx.tx, ctx.deps.keys, row, f.currentVersion);
  const e = await commentEvent(ctx, f, 'added', out);
  ctx.afterCommit(() => ctx.deps.events.publish(e));
  return out;
}

async function ownThread(ctx: ServiceCtx, commentId: string) {
  const c = await ctx.tx.fileComment.findUnique({
    where: { workspaceId_id: { workspaceId: ctx.scope.workspaceId, id: commentId } },
  });
  if (!c) throw notFound('Comment');
  // Not seeing the file is not seeing its comments.
  const f = await visibleFile(ctx, c.fileId);
  return { c, f };
}

/** Resolves a thread (or opens it again): anyone who may comment on the file. */
export async function resolveComment(ctx: ServiceCtx, input: z.infer<typeof resolveCommentInput>) {
  const me = requirePerson(ctx.scope);
  const { c, f } = await ownThread(ctx, input.commentId);
  if (!f.access.comment) throw forbidden('You may look at this file but not comment on it');
  if (c.parentId) throw new AppError('BAD_REQUEST', 'Resolve the thread at its first comment');
  const row = await ctx.tx.fileComment.update({
    where: { workspaceId_id: { workspaceId: ctx.scope.workspaceId, id: c.id } },
    data: input.resolved
      ? { resolvedAt: new Date(), resolvedBy: me }
      : { resolvedAt: null, resolvedBy: null },
  });
  const out = await view(ctx.tx, ctx.deps.keys, row, f.currentVersion);
  const e = await commentEvent(ctx, f, input.resolved ? 'resolved' : 'reopened', out);
  ctx.afterCommit(() => ctx.deps.events.publish(e));
  return out;
}

/** Deletes a comment (a first comment takes its replies): its author, or an admin (audited). */
export async function deleteComment(ctx: ServiceCtx, input: { commentId: string }) {
  const me = requirePerson(ctx.scope);
  const { c, f } = await ownThread(ctx, input.commentId);
  const admin = atLeast(ctx.scope.role, 'admin');
  if (c.authorId !== me && !admin) throw forbidden('Only its author or an admin may delete a comment');
  const out = await view(ctx.tx, ctx.deps.keys, c, f.currentVersion);
  await ctx.tx.fileComment.delete({
    where: { workspaceId_id: { workspaceId: ctx.scope.workspaceId, id: c.id } },
  });
  if (c.authorId !== me)
    await audit(
      ctx,
      'file.comment_delete',
      { type: 'file', id: f.id },
      { commentId: c.id, authorId: c.authorId },
    );
  const e = await commentEvent(ctx, f, 'deleted', { ...out, body: null });
  ctx.afterCommit(() => ctx.deps.events.publish(e));
  return { commentId: c.id };
}
