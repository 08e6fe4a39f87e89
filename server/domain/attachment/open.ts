import { downloadable, type FileStatus } from '../../../shared/files';
import { AppError, notFound } from '../../lib/errors';
import { visibleFile } from './access';
import type { ServiceCtx } from '../scope';
import { keyBinding, nameBinding } from './bindings';

/** What a download streams: the version's blob, its key, and how to name and type it. */
export interface OpenedFile {
  workspaceId: string;
  versionId: string;
  storageKey: string;
  fileKey: Buffer;
  size: number;
  mime: string;
  name: string;
}

export const STATUS_REFUSALS: Partial<Record<FileStatus, string>> = {
  pending: 'This file is still being scanned for malware',
  infected: 'This file was blocked: the malware scan found it infected',
  blocked: 'This file was blocked: it could not be scanned',
};

/**
 * Who may fetch a file's bytes: whoever may see it (visibleFile), once it is scanned (or let
 * through unscanned); before that only its uploader, and a blocked file nobody.
 */
export async function openFile(
  ctx: ServiceCtx,
  fileId: string,
  part: 'content' | 'thumbnail',
): Promise<OpenedFile> {
  const { tx, scope, deps } = ctx;
  const f = await visibleFile(ctx, fileId);
  const v = f.versions[0]!;
  const mine = f.mine;
  const status = v.status as FileStatus;
  const refusal = STATUS_REFUSALS[status];
  if (!downloadable(status) && !(mine && status === 'pending'))
    throw new AppError('FORBIDDEN', refusal ?? 'Not available');
  const storageKey = part === 'content' ? v.storageKey : v.thumbKey;
  if (!storageKey) throw notFound('Thumbnail');
  const ws = scope.workspaceId;
  const key = await deps.keys.ring.decrypt(tx, keyBinding(ws, v.id), Buffer.from(v.wrappedKey));
  return {
    workspaceId: ws,
    versionId: v.id,
    storageKey,
    fileKey: Buffer.from(key, 'base64'),
    size: Number(v.size),
    mime: part === 'thumbnail' ? 'image/webp' : v.mime,
    name: await deps.keys.ring.decrypt(tx, nameBinding(ws, v.id), Buffer.from(v.name)),
  };
}
