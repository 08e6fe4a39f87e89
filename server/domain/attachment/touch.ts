import type { Tx } from '../../db/client';

/**
 * Gives a message its conversation's next revision when one of its files changed (scanned,
 * blocked, a thumbnail made), so a client catching up with `sync` gets the file's new state even
 * if it missed the file:updated event.
 */
export async function touchMessage(tx: Tx, workspaceId: string, messageId: string | null) {
  if (!messageId) return;
  await tx.$executeRaw`
    WITH r AS (
      UPDATE conversation c SET last_rev = c.last_rev + 1 FROM message m
      WHERE m.workspace_id = ${workspaceId}::uuid AND m.id = ${messageId}::uuid
        AND c.workspace_id = m.workspace_id AND c.id = m.conversation_id
      RETURNING c.last_rev)
    UPDATE message SET rev = (SELECT last_rev FROM r)
    WHERE workspace_id = ${workspaceId}::uuid AND id = ${messageId}::uuid AND EXISTS (SELECT 1 FROM r)`;
}
