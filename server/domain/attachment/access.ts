import { notFound } from '../../lib/errors';
import { readable, requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { currentVersion, type FileRow } from './view';

/**
 * The one rule of who may see a file: whoever may read its conversation, once it is on a message;
 * before that its uploader alone. Anything else is NOT_FOUND, so a guessed id tells nothing.
 */
export async function visibleFile(ctx: ServiceCtx, fileId: string): Promise<FileRow & { mine: boolean }> {
  const userId = requirePerson(ctx.scope);
  const f = await ctx.tx.file.findUnique({
    where: { workspaceId_id: { workspaceId: ctx.scope.workspaceId, id: fileId } },
    include: currentVersion,
  });
  const mine = f?.uploaderId === userId;
  if (!f?.versions[0] || (!f.messageId && !mine)) throw notFound('File');
  await readable(ctx.tx, ctx.scope, f.conversationId).catch(() => {
    throw notFound('File');
  });
  return { ...f, mine };
}
