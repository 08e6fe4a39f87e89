import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FileShare } from '../../db/generated/client';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { iso, isoOrNull } from '../../lib/time';
import { audit } from '../audit/append';
import { requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { inForce, visibleFile, type VisibleFile } from './access';
import type { FileShareOutput, fileSharesOutput, shareInput, sharedWithMeOutput } from './schemas';
import { fileViews } from './view';

/** The most shares one "shared with me" answer lists (newest first). */
const SHARED_WITH_ME_MAX = 100;

export const shareView = (s: FileShare, now = Date.now()): FileShareOutput => ({
  id: s.id,
  fileId: s.fileId,
  userId: s.userId,
  read: s.canRead,
  comment: s.canComment,
  replace: s.canReplace,
  download: s.canDownload,
  expiresAt: isoOrNull(s.expiresAt),
  createdBy: s.createdBy,
  createdAt: iso(s.createdAt),
  expired: s.expiresAt !== null && s.expiresAt.getTime() <= now,
});

/** A file the caller may share and whose shares they may see: its uploader, or an admin, once it is sent. */
async function managed(ctx: ServiceCtx, fileId: string): Promise<VisibleFile> {
  const f = await visibleFile(ctx, fileId);
  if (f.access.via === 'upload') throw forbidden('Send the file first, then share it');
  if (!f.access.manage) throw forbidden('Only the person who uploaded a file, or an admin, may share it');
  return f;
}

/** A member of this workspace who is a person of it (a widget visitor is nobody's to share with). */
async function recipient(ctx: ServiceCtx, userId: string) {
  const ws = ctx.scope.workspaceId;
  const member = await ctx.tx.member.findUnique({
    where: { workspaceId_userId: { workspaceId: ws, userId } },
  });
  const visitor =
    member &&
    (await ctx.tx.widgetVisitor.findUnique({ where: { workspaceId_userId: { workspaceId: ws, userId } } }));
  if (!member || visitor) throw notFound('Member');
}

/**
 * Shares a sent file with one member: read always, and comment, replace, download as asked, until
 * `expiresAt` (in the future) or until revoked. A share of the same file with the same person that
 * was not revoked ends now and this one takes its place (one per file and person). The person gets
 * a `file_shared` notification pointing at the file, in this transaction, and hears of it live.
 */
export async function shareFile(ctx: ServiceCtx, input: z.infer<typeof shareInput>) {
  const me = requirePerson(ctx.scope);
  const { tx, scope } = ctx;
  const ws = scope.workspaceId;
  // One share at a time per file and person: shares of this file wait for each other.
  await tx.$executeRaw`SELECT 1 FROM file WHERE workspace_id = ${ws}::uuid AND id = ${input.fileId}::uuid FOR UPDATE`;
  const f = await managed(ctx, input.fileId);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw new AppError('VALIDATION', 'A share ends in the future', {
      fieldErrors: { expiresAt: ['Choose a time in the future'] },
    });
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'You cannot share a file with yourself');
  await recipient(ctx, input.userId);
  const earlier = await tx.fileShare.findFirst({
    where: { workspaceId: ws, fileId: f.id, userId: input.userId, revokedAt: null },
  });
  if (earlier)
    await tx.fileShare.update({
      where: { workspaceId_id: { workspaceId: ws, id: earlier.id } },
      data: { revokedAt: new Date() },
    });
  const share = await tx.fileShare.create({
    data: {
      workspaceId: ws,
      id: randomUUID(),
      fileId: f.id,
      userId: input.userId,
      canComment: input.comment,
      canReplace: input.replace,
      canDownload: input.download,
      expiresAt,
      createdBy: me,
    },
  });
  await audit(
    ctx,
    'file.share',
    { type: 'user', id: input.userId },
    {
      fileId: f.id,
      shareId: share.id,
      comment: input.comment,
      replace: input.replace,
      download: input.download,
      expiresAt: isoOrNull(expiresAt),
      ...(earlier && { replaces: earlier.id }),
    },
  );
  await notifyShared(ctx, f, input.userId);
  return shareView(share);
}

/** "X shared a file with you": one per message and person (a second share of it says so again). */
async function notifyShared(ctx: ServiceCtx, f: VisibleFile, userId: string) {
  const me = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  if (!f.messageId) return;
  await ctx.tx.$executeRaw`
    INSERT INTO notification (workspace_id, user_id, kind, conversation_id, message_id, seq, actor_id, file_id)
    VALUES (${ws}::uuid, ${userId}, 'file_shared', ${f.conversationId}::uuid, ${f.messageId}::uuid, 0, ${me}, ${f.id}::uuid)
    ON CONFLICT (workspace_id, message_id, user_id, kind)
      DO UPDATE SET actor_id = EXCLUDED.actor_id, file_id = EXCLUDED.file_id, read_at = NULL, created_at = now()`;
  const event = {
    type: 'notification' as const,
    workspaceId: ws,
    userId,
    kind: 'file_shared' as const,
    conversationId: f.conversationId,
    messageId: f.messageId,
    seq: 0,
  };
  ctx.afterCommit(() => ctx.deps.events.publish(event));
}

/** A file's shares not revoked (in force, or past their expiry), newest first: for its uploader and admins. */
export async function fileShares(
  ctx: ServiceCtx,
  input: { fileId: string },
): Promise<z.infer<typeof fileSharesOutput>> {
  const f = await managed(ctx, input.fileId);
  const rows = await ctx.tx.fileShare.findMany({
    where: { workspaceId: ctx.scope.workspaceId, fileId: f.id, revokedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const now = Date.now();
  return { shares: rows.map((s) => shareView(s, now)) };
}

/** Ends a share at once (its holder gets NOT_FOUND from then on): the file's uploader and admins. */
export async function revokeShare(ctx: ServiceCtx, input: { shareId: string }) {
  const ws = ctx.scope.workspaceId;
  const share = await ctx.tx.fileShare.findUnique({
    where: { workspaceId_id: { workspaceId: ws, id: input.shareId } },
  });
  if (!share || share.revokedAt) throw notFound('Share');
  // Someone who cannot see the file learns nothing of its shares either.
  await managed(ctx, share.fileId);
  const done = await ctx.tx.fileShare.update({
    where: { workspaceId_id: { workspaceId: ws, id: share.id } },
    data: { revokedAt: new Date() },
  });
  await audit(
    ctx,
    'file.unshare',
    { type: 'user', id: share.userId },
    { fileId: share.fileId, shareId: share.id },
  );
  return shareView(done);
}

/** The files shared with the caller that they may see now, newest share first, with each share. */
export async function sharedWithMe(ctx: ServiceCtx): Promise<z.infer<typeof sharedWithMeOutput>> {
  const me = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const rows = await ctx.tx.fileShare.findMany({
    where: { workspaceId: ws, userId: me, ...inForce() },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: SHARED_WITH_ME_MAX,
  });
  const views = new Map(
    (await fileViews(ctx.tx, ctx.deps.keys, ws, [...new Set(rows.map((r) => r.fileId))])).map((v) => [
      v.id,
      v,
    ]),
  );
  const now = Date.now();
  const files = [];
  for (const s of rows) {
    const file = views.get(s.fileId);
    if (file) files.push({ share: shareView(s, now), file });
  }
  return { files };
}
