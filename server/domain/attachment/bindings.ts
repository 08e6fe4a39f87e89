import type { Binding } from '../../lib/crypto/aead';

/** A version's name, encrypted like message text under the workspace key. */
export const nameBinding = (workspaceId: string, versionId: string): Binding => ({
  workspaceId,
  table: 'file_version',
  rowId: versionId,
  column: 'name',
});

/** A version's file key (base64), wrapped by the workspace key; rotation re-wraps it. */
export const keyBinding = (workspaceId: string, versionId: string): Binding => ({
  workspaceId,
  table: 'file_version',
  rowId: versionId,
  column: 'wrapped_key',
});

/** What the blobs' segments are bound to: a blob copied to another version or workspace fails. */
export const blobContext = (workspaceId: string, versionId: string) => `${workspaceId}/${versionId}`;

/** A comment's text, encrypted under its author's key like a message's. */
export const commentBinding = (workspaceId: string, id: string): Binding => ({
  workspaceId,
  table: 'file_comment',
  rowId: id,
  column: 'body',
});
