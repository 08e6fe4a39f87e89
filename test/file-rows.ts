import { randomBytes, randomUUID } from 'node:crypto';
import { testRuntime } from './runtime';

/**
 * A file row and its first version, written as the owner role for tests of what points at files
 * (sends, sweeps): its name and key are random bytes, no blob exists. Returns the file id.
 */
export async function fileRow(
  workspaceId: string,
  conversationId: string,
  uploaderId: string,
  opts: { status?: string; messageId?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const admin = testRuntime().db.admin;
  await admin.$executeRaw`
    INSERT INTO file (workspace_id, id, conversation_id, message_id, uploader_id)
    VALUES (${workspaceId}::uuid, ${id}::uuid, ${conversationId}::uuid, ${opts.messageId ?? null}::uuid, ${uploaderId})`;
  await admin.$executeRaw`
    INSERT INTO file_version (workspace_id, id, file_id, version, uploader_id, name, wrapped_key, key_version,
      size, mime, storage_key, status)
    VALUES (${workspaceId}::uuid, ${randomUUID()}::uuid, ${id}::uuid, 1, ${uploaderId}, ${randomBytes(40)},
      ${randomBytes(60)}, 1, 10, 'text/plain', ${`test/${id}`}, ${opts.status ?? 'pending'})`;
  return id;
}
