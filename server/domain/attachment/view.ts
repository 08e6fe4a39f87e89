import type { Tx } from '../../db/client';
import type { File, FileVersion } from '../../db/generated/client';
import { downloadable, fileKindOf, type FileStatus } from '../../../shared/files';
import { iso } from '../../lib/time';
import { logger } from '../../lib/logger';
import type { KeyServices } from '../deps';
import { nameBinding } from './bindings';
import type { FileOutput } from './schemas';

export type FileRow = File & { versions: FileVersion[] };

/**
 * A file with its versions, newest first: the first is the current one (an upload moves
 * `current_version` to it in the same transaction), the rest its history.
 */
export const currentVersion = { versions: { orderBy: { version: 'desc' as const } } };

/**
 * The version a plain download gives everyone but the current version's uploader: the newest that
 * was scanned clean or let through unscanned (a pending, infected or blocked newer one is skipped).
 */
export const servedOf = (versions: readonly FileVersion[]): FileVersion | null =>
  versions.find((v) => downloadable(v.status as FileStatus)) ?? null;

/** A file as clients see it, its name decrypted (a name that fails to decrypt reads "file"). */
export async function toFileView(tx: Tx, keys: KeyServices, f: FileRow): Promise<FileOutput | null> {
  const v = f.versions[0];
  if (!v) return null;
  let name = 'file';
  try {
    name = await keys.ring.decrypt(tx, nameBinding(f.workspaceId, v.id), Buffer.from(v.name));
  } catch (err) {
    logger.error({ err, fileId: f.id }, 'file name failed to decrypt');
  }
  return {
    id: f.id,
    conversationId: f.conversationId,
    messageId: f.messageId,
    uploaderId: f.uploaderId,
    version: v.version,
    name,
    size: Number(v.size),
    mime: v.mime,
    kind: fileKindOf(v.mime),
    status: v.status as FileStatus,
    thumbnail: v.thumbKey !== null,
    width: v.width,
    height: v.height,
    createdAt: iso(v.createdAt),
    versionUploaderId: v.uploaderId,
    servedVersion: servedOf(f.versions)?.version ?? null,
  };
}

/** Views of these files in the order given (missing ones are left out). */
export async function fileViews(
  tx: Tx,
  keys: KeyServices,
  workspaceId: string,
  ids: readonly string[],
): Promise<FileOutput[]> {
  if (ids.length === 0) return [];
  const rows = await tx.file.findMany({
    where: { workspaceId, id: { in: [...ids] } },
    include: currentVersion,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: FileOutput[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    const view = row && (await toFileView(tx, keys, row));
    if (view) out.push(view);
  }
  return out;
}
