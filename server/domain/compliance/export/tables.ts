import type { Binding } from '../../../lib/crypto/aead';
import { noteBinding } from '../../inbox/notes';
import { bodyBinding, editBinding } from '../../message/view';
import { commentBinding, nameBinding } from '../../attachment/bindings';

/**
 * Which of a table's rows an export takes: the whole workspace's, only those of the chosen
 * messages (the date range, the conversations, deleted ones or not), of the chosen conversations,
 * or of the files those messages carry.
 */
export type Scope = 'workspace' | 'messages' | 'conversations' | 'files';

export interface ExportedTable {
  scope: Scope;
  /** The column naming the message or conversation for those scopes. */
  key?: string;
  /** Columns never exported: secrets, key material, ciphertext and what is derived from the text. */
  omit?: readonly string[];
  /** An encrypted column, exported as its text under `as`. */
  decrypt?: { column: string; as: string; binding: (workspaceId: string, rowId: string) => Binding };
}

/**
 * Every tenant table (a workspace_id column, or the workspace itself) is exported or excluded with
 * its reason; a test compares this with the database, so a new table is one or the other.
 */
export const EXPORTED: Record<string, ExportedTable> = {
  workspace: { scope: 'workspace' },
  member: { scope: 'workspace' },
  invitation: { scope: 'workspace', omit: ['token_hash'] },
  api_key: { scope: 'workspace', omit: ['key_hash'] },
  conversation: { scope: 'conversations', key: 'id' },
  conversation_member: { scope: 'conversations', key: 'conversation_id' },
  message: {
    scope: 'messages',
    key: 'id',
    omit: ['search_tokens', 'body_mac'],
    decrypt: { column: 'body', as: 'text', binding: bodyBinding },
  },
  message_edit: {
    scope: 'messages',
    key: 'message_id',
    decrypt: { column: 'body', as: 'text', binding: editBinding },
  },
  message_reaction: { scope: 'messages', key: 'message_id' },
  // Files go with their messages (uploads never sent are drafts); their contents under files/.
  file: { scope: 'messages', key: 'message_id' },
  file_version: {
    scope: 'files',
    key: 'file_id',
    omit: ['wrapped_key', 'storage_key', 'thumb_key'],
    decrypt: { column: 'name', as: 'file_name', binding: nameBinding },
  },
  // Who each exported file was shared with, with which flags, and when that ended.
  file_share: { scope: 'files', key: 'file_id' },
  // Comments on exported files, their text decrypted.
  file_comment: {
    scope: 'files',
    key: 'file_id',
    decrypt: { column: 'body', as: 'text', binding: commentBinding },
  },
  notification: { scope: 'workspace' },
  // How each person asked to be notified, here and per conversation.
  notification_pref: { scope: 'workspace' },
  conversation_pref: { scope: 'conversations', key: 'conversation_id' },
  // People's browsers that receive pushes: when and how they did; not the endpoints and keys that
  // reach and decrypt to each browser.
  push_subscription: { scope: 'workspace', omit: ['endpoint', 'p256dh', 'auth'] },
  policy_hit: { scope: 'workspace' },
  review: { scope: 'workspace', omit: ['held_body'] },
  message_report: { scope: 'workspace' },
  support_conversation: { scope: 'conversations', key: 'conversation_id' },
  support_note: {
    scope: 'conversations',
    key: 'conversation_id',
    decrypt: { column: 'body', as: 'text', binding: noteBinding },
  },
  canned_reply: { scope: 'workspace' },
  widget_visitor: { scope: 'workspace' },
  lockdown: { scope: 'workspace' },
  quarantine: { scope: 'workspace' },
  retention_rule: { scope: 'workspace' },
  legal_hold: { scope: 'workspace' },
  retention_run: { scope: 'workspace' },
  audit_event: { scope: 'workspace' },
  audit_checkpoint: { scope: 'workspace' },
  audit_retention: { scope: 'workspace' },
  audit_prune: { scope: 'workspace' },
  // What vouches for entries an erasure rewrote: an exported chain verifies only with these.
  audit_redaction: { scope: 'workspace' },
  export_job: { scope: 'workspace', omit: ['file'] },
};

export const EXCLUDED: Record<string, string> = {
  file_blob_gone:
    'blobs of deleted files waiting to be removed from the store: random storage keys, nothing of the files',
  workspace_key:
    'the workspace data keys, wrapped by the master key: key material never leaves the deployment',
  person_key:
    "people's data keys, wrapped by the workspace key: key material, and destroying one is how erasure works",
  widget_secret: "the widget's identity-signing secret: whoever holds it can sign in as any visitor",
  widget_session: "live sessions of the widget's visitors: bearer credentials, valid for hours",
  widget_token_use:
    'identity tokens already used, kept for minutes against replay: no information of their own',
  audit_checkpoint_copy:
    'how far the checkpoints reached their copy outside the database: bookkeeping of this deployment',
};
