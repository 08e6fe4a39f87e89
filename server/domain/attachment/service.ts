import type { z } from 'zod';
import { env } from '../../env';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { isoOrNull } from '../../lib/time';
import { audit } from '../audit/append';
import { readable, requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { visibleFile } from './access';
import { maxBytesOf } from './upload';
import { parseSettings, type FileSettings } from '../workspace/settings';
import type {
  conversationFilesInput,
  fileDetailOutput,
  fileListOutput,
  fileSettingsOutput,
  fileSettingsPatch,
} from './schemas';
import { currentVersion, toFileView } from './view';

/**
 * One file, for whoever may see it (visibleFile: its conversation's readers, a share's holder; an
 * unsent upload its uploader alone), with what the caller may do with it.
 */
export async function getFile(
  ctx: ServiceCtx,
  input: { fileId: string },
): Promise<z.infer<typeof fileDetailOutput>> {
  const f = await visibleFile(ctx, input.fileId);
  const view = await toFileView(ctx.tx, ctx.deps.keys, f);
  if (!view) throw notFound('File');
  const { share, ...rights } = f.access;
  return {
    ...view,
    access: {
      ...rights,
      share: share && { id: share.id, createdBy: share.createdBy, expiresAt: isoOrNull(share.expiresAt) },
    },
  };
}

/** The files sent in a conversation, newest first (its Files panel). */
export async function conversationFiles(
  ctx: ServiceCtx,
  input: z.infer<typeof conversationFilesInput>,
): Promise<z.infer<typeof fileListOutput>> {
  await readable(ctx.tx, ctx.scope, input.conversationId);
  const rows = await ctx.tx.file.findMany({
    where: {
      workspaceId: ctx.scope.workspaceId,
      conversationId: input.conversationId,
      messageId: { not: null },
      ...(input.cursor && { createdAt: { lt: new Date(input.cursor) } }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    include: currentVersion,
  });
  const page = rows.slice(0, input.limit);
  const files = [];
  for (const r of page) {
    const v = await toFileView(ctx.tx, ctx.deps.keys, r);
    if (v) files.push(v);
  }
  const last = page.at(-1);
  return { files, nextCursor: rows.length > input.limit && last ? last.createdAt.toISOString() : null };
}

/**
 * Removes an upload that was not sent (the composer's ✕): the uploader's own only. A sent file
 * goes with its message. The blob follows through the store's queue.
 */
export async function removeUpload(ctx: ServiceCtx, input: { fileId: string }) {
  const userId = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const f = await ctx.tx.file.findUnique({
    where: { workspaceId_id: { workspaceId: ws, id: input.fileId } },
  });
  if (!f || f.uploaderId !== userId) throw notFound('File');
  if (f.messageId) throw forbidden('This file was sent: delete its message instead');
  await ctx.tx.file.delete({ where: { workspaceId_id: { workspaceId: ws, id: f.id } } });
  await audit(ctx, 'file.delete', { type: 'file', id: f.id }, { conversationId: f.conversationId });
  ctx.afterCommit(() => ctx.deps.files.sweep());
  return { fileId: f.id };
}

const settingsView = async (
  ctx: ServiceCtx,
  s: FileSettings,
): Promise<z.infer<typeof fileSettingsOutput>> => ({
  ...s,
  maxMb: maxBytesOf(s) / (1024 * 1024),
  deploymentMaxMb: env().FILE_MAX_MB,
  scanning: (await ctx.deps.files.scanner()?.ready()) ?? false,
});

/** What a composer checks before uploading: the largest file and the kinds taken. */
export async function uploadLimits(ctx: ServiceCtx) {
  const s = (await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId)).files;
  return { maxBytes: maxBytesOf(s), categories: s.categories };
}

export async function fileSettings(ctx: ServiceCtx) {
  return settingsView(ctx, (await ctx.deps.settings.read(ctx.tx, ctx.scope.workspaceId)).files);
}

export async function setFileSettings(ctx: ServiceCtx, patch: z.infer<typeof fileSettingsPatch>) {
  const max = env().FILE_MAX_MB;
  if (patch.maxMb !== undefined && patch.maxMb > max)
    throw new AppError('VALIDATION', `This deployment takes files of at most ${max} MB`, {
      fieldErrors: { maxMb: [`At most ${max}`] },
    });
  const [row] = await ctx.tx.$queryRaw<{ settings: unknown }[]>`
    SELECT settings FROM workspace WHERE id = ${ctx.scope.workspaceId}::uuid FOR UPDATE`;
  const settings = parseSettings(row?.settings);
  const files = { ...settings.files, ...patch };
  await ctx.tx.workspace.update({
    where: { id: ctx.scope.workspaceId },
    data: { settings: { ...settings, files } },
  });
  const ws = ctx.scope.workspaceId;
  ctx.afterCommit(() => ctx.deps.settings.forget(ws));
  await audit(
    ctx,
    'file.settings',
    { type: 'workspace', id: ws },
    {
      maxMb: files.maxMb,
      categories: files.categories,
      unscannable: files.unscannable,
    },
  );
  return settingsView(ctx, files);
}
