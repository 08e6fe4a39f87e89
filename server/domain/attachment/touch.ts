import type { Tx } from '../../db/client';
import type { KeyServices } from '../deps';
import type { DomainEvent } from '../events';
import { inForce } from './access';
import { currentVersion, toFileView, type FileRow } from './view';

/**
 * After a file changed (scanned, blocked, a thumbnail made, a new version): its message takes the
 * conversation's next revision, so a client catching up with `sync` gets the file's new state even
 * if it missed the event; and the file:updated event to publish once this commits (to the
 * conversation, and to whoever holds a share of the file in force).
 */
export async function fileChanged(
  tx: Tx,
  workspaceId: string,
  keys: KeyServices,
  fileId: string,
): Promise<{ file: FileRow | null; event: DomainEvent | null }> {
  const f = await tx.file.findUnique({
    where: { workspaceId_id: { workspaceId, id: fileId } },
    include: currentVersion,
  });
  if (f?.messageId)
    await tx.$executeRaw`
      WITH r AS (
        UPDATE conversation c SET last_rev = c.last_rev + 1 FROM message m
        WHERE m.workspace_id = ${workspaceId}::uuid AND m.id = ${f.messageId}::uuid
          AND c.workspace_id = m.workspace_id AND c.id = m.conversation_id
        RETURNING c.last_rev)
      UPDATE message SET rev = (SELECT last_rev FROM r)
      WHERE workspace_id = ${workspaceId}::uuid AND id = ${f.messageId}::uuid AND EXISTS (SELECT 1 FROM r)`;
  const view = f && (await toFileView(tx, keys, f));
  if (!view) return { file: f, event: null };
  const holders = f.messageId
    ? await tx.fileShare.findMany({ where: { workspaceId, fileId, ...inForce() }, select: { userId: true } })
    : [];
  const sharedWith = holders.map((h) => h.userId);
  return {
    file: f,
    event: { type: 'file:updated', workspaceId, file: view, ...(sharedWith.length && { sharedWith }) },
  };
}
