import type { Tx } from '../../db/client';
import type { FileShare } from '../../db/generated/client';
import { atLeast } from '../../../shared/roles';
import { AppError, notFound } from '../../lib/errors';
import { readable, requirePerson } from '../message/access';
import type { ServiceCtx } from '../scope';
import { currentVersion, type FileRow } from './view';

/** What the caller may do with a file they see, and why they see it. */
export interface FileAccess {
  via: 'conversation' | 'upload' | 'share';
  download: boolean;
  comment: boolean;
  replace: boolean;
  /** Share it, list and revoke its shares: its uploader and admins. */
  manage: boolean;
  /** The share the caller holds (in force), if any. */
  share: FileShare | null;
}

export type VisibleFile = FileRow & { mine: boolean; access: FileAccess };

/** Which shares are in force now: not revoked, not past their expiry. */
export const inForce = () => ({
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
});

/** The share of a file with a person that is in force now. */
export async function shareInForce(tx: Tx, workspaceId: string, fileId: string, userId: string) {
  return tx.fileShare.findFirst({ where: { workspaceId, fileId, userId, ...inForce() } });
}

/** Whether the caller may read the conversation (NOT_FOUND from the rule means no; anything else is thrown). */
async function readsConversation(ctx: ServiceCtx, conversationId: string) {
  try {
    await readable(ctx.tx, ctx.scope, conversationId);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
    throw e;
  }
}

/**
 * The one rule of who may see a file, used by every path (get, versions, shares, downloads,
 * thumbnails, new versions): whoever may read its conversation, once it is on a message, and whoever
 * holds a share of it in force; before it is sent, its uploader alone. Anything else, an expired or
 * revoked share included, is NOT_FOUND, so a guessed id tells nothing. Alongside, what the caller
 * may do: the conversation's readers download and comment; a share's flags say what its holder
 * may; the uploader and admins may replace and share it, and anyone whose share says `replace`
 * may replace it.
 */
export async function visibleFile(ctx: ServiceCtx, fileId: string): Promise<VisibleFile> {
  const userId = requirePerson(ctx.scope);
  const ws = ctx.scope.workspaceId;
  const f = await ctx.tx.file.findUnique({
    where: { workspaceId_id: { workspaceId: ws, id: fileId } },
    include: currentVersion,
  });
  if (!f?.versions[0]) throw notFound('File');
  const mine = f.uploaderId === userId;
  if (!f.messageId) {
    if (!mine) throw notFound('File');
    const access: FileAccess = {
      via: 'upload',
      download: true,
      comment: false,
      replace: false,
      manage: false,
      share: null,
    };
    return { ...f, mine, access };
  }
  const [reads, share] = [
    await readsConversation(ctx, f.conversationId),
    await shareInForce(ctx.tx, ws, f.id, userId),
  ];
  if (!reads && !share) throw notFound('File');
  const manage = mine || atLeast(ctx.scope.role, 'admin');
  const access: FileAccess = {
    via: reads ? 'conversation' : 'share',
    download: reads || (share?.canDownload ?? false),
    comment: reads || (share?.canComment ?? false),
    replace: manage || (share?.canReplace ?? false),
    manage,
    share,
  };
  return { ...f, mine, access };
}
