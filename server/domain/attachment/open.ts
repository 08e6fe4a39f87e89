import { downloadable, type FileStatus } from '../../../shared/files';
import type { FileVersion } from '../../db/generated/client';
import { AppError, notFound } from '../../lib/errors';
import { visibleFile } from './access';
import type { ServiceCtx } from '../scope';
import { keyBinding, nameBinding } from './bindings';
import { servedOf } from './view';

/** What a download streams: the version's blob, its key, and how to name and type it. */
export interface OpenedFile {
  workspaceId: string;
  versionId: string;
  version: number;
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

const refusal = (v: FileVersion) =>
  new AppError('FORBIDDEN', STATUS_REFUSALS[v.status as FileStatus] ?? 'Not available');

/** Whether `userId` may fetch this version's bytes: once scanned (or let through); while pending, its uploader. */
export const fetchableVersion = (v: FileVersion, userId: string) =>
  downloadable(v.status as FileStatus) || (v.status === 'pending' && v.uploaderId === userId);

/**
 * Which version a download gives the caller. Named (`?version=N`): that one, if it exists and they
 * may fetch it. Unnamed: the current version to its own uploader while it is scanned; everyone
 * else the newest version that was scanned clean or let through (servedOf), so a new version
 * reaches them only once it is clean and a blocked one never replaces the one before it. With
 * none, the refusal names the current version's state.
 */
export function versionFor(versions: readonly FileVersion[], userId: string, wanted: number | null) {
  if (wanted !== null) {
    const v = versions.find((x) => x.version === wanted);
    if (!v) throw notFound('Version');
    if (!fetchableVersion(v, userId)) throw refusal(v);
    return v;
  }
  const current = versions[0]!;
  if (current.status === 'pending' && current.uploaderId === userId) return current;
  const served = servedOf(versions);
  if (!served) throw refusal(current);
  return served;
}

/**
 * Who may fetch a file's bytes: whoever may see it (visibleFile); its content only with the right
 * to download (a share without it lets its holder see the file and its thumbnail, not take it);
 * then the version versionFor picks.
 */
export async function openFile(
  ctx: ServiceCtx,
  fileId: string,
  part: 'content' | 'thumbnail',
  wanted: number | null = null,
): Promise<OpenedFile> {
  const { tx, scope, deps } = ctx;
  const f = await visibleFile(ctx, fileId);
  if (part === 'content' && !f.access.download)
    throw new AppError('FORBIDDEN', 'This file was shared with you to view, not to download');
  const v = versionFor(f.versions, scope.userId ?? '', wanted);
  const storageKey = part === 'content' ? v.storageKey : v.thumbKey;
  if (!storageKey) throw notFound('Thumbnail');
  const ws = scope.workspaceId;
  const key = await deps.keys.ring.decrypt(tx, keyBinding(ws, v.id), Buffer.from(v.wrappedKey));
  return {
    workspaceId: ws,
    versionId: v.id,
    version: v.version,
    storageKey,
    fileKey: Buffer.from(key, 'base64'),
    size: Number(v.size),
    mime: part === 'thumbnail' ? 'image/webp' : v.mime,
    name: await deps.keys.ring.decrypt(tx, nameBinding(ws, v.id), Buffer.from(v.name)),
  };
}
