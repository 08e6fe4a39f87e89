-- Messages, their edit history, reactions, read state, mention notifications, and the wrapped
-- per-workspace data keys that encrypt every stored copy of message text.

-- Each conversation counts its messages (seq: gap-free, one per message) and its changes (rev: one
-- per new message, edit, delete, reaction or pin). Both are bumped under the conversation's row
-- lock, so the committed values are always a prefix: a reader never sees 7 before 6 commits.
ALTER TABLE conversation ADD COLUMN last_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN last_rev bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation_member ADD COLUMN last_read_seq bigint NOT NULL DEFAULT 0;

CREATE TABLE workspace_key (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  -- The data key encrypted by the master key (AES-256-GCM, bound to workspace and version).
  wrapped bytea NOT NULL,
  encryptions bigint NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  -- Re-encryption of older rows into this version (set when the version comes from a rotation).
  rotation_total integer,
  rotation_done integer NOT NULL DEFAULT 0,
  rotation_finished_at timestamptz(3),
  PRIMARY KEY (workspace_id, version)
);

CREATE TABLE message (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  seq bigint NOT NULL,
  rev bigint NOT NULL,
  author_id text REFERENCES "user"(id) ON DELETE SET NULL,
  client_msg_id text NOT NULL,
  parent_id uuid,
  depth smallint NOT NULL DEFAULT 0,
  -- AES-256-GCM ciphertext bound to (workspace, 'message', id, 'body'); NULL once deleted.
  body bytea,
  key_version integer NOT NULL,
  -- Blind-index tokens (HMAC of words and prefixes) under key_version's search key.
  search_tokens text[] NOT NULL DEFAULT '{}',
  -- Keyed hash of the body for the duplicate-message window; NULL once deleted.
  body_mac bytea,
  mentions text[] NOT NULL DEFAULT '{}',
  mention_channel boolean NOT NULL DEFAULT false,
  mention_here boolean NOT NULL DEFAULT false,
  reply_count integer NOT NULL DEFAULT 0,
  last_reply_at timestamptz(3),
  thread_participants text[] NOT NULL DEFAULT '{}',
  pinned_at timestamptz(3),
  pinned_by text,
  edited_at timestamptz(3),
  deleted_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id),
  UNIQUE (workspace_id, client_msg_id),
  UNIQUE (workspace_id, conversation_id, seq),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, parent_id) REFERENCES message(workspace_id, id) ON DELETE CASCADE,
  CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
);
CREATE INDEX message_rev_idx ON message (workspace_id, conversation_id, rev);
CREATE INDEX message_thread_idx ON message (workspace_id, parent_id, seq) WHERE parent_id IS NOT NULL;
CREATE INDEX message_dup_idx ON message (workspace_id, conversation_id, author_id, body_mac) WHERE body_mac IS NOT NULL;
CREATE INDEX message_tokens_idx ON message USING gin (search_tokens);
CREATE INDEX message_created_idx ON message (workspace_id, created_at DESC);
CREATE INDEX message_rekey_idx ON message (workspace_id, key_version);

-- Earlier versions of edited messages, encrypted like the body (bound to this row).
CREATE TABLE message_edit (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  message_id uuid NOT NULL,
  body bytea NOT NULL,
  key_version integer NOT NULL,
  edited_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  FOREIGN KEY (workspace_id, message_id) REFERENCES message(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX message_edit_message_idx ON message_edit (workspace_id, message_id, created_at);
CREATE INDEX message_edit_rekey_idx ON message_edit (workspace_id, key_version);

CREATE TABLE message_reaction (
  workspace_id uuid NOT NULL,
  message_id uuid NOT NULL,
  user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  emoji text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, message_id, emoji, user_id),
  FOREIGN KEY (workspace_id, message_id) REFERENCES message(workspace_id, id) ON DELETE CASCADE
);

-- In-app notifications (mentions for now). seq locates the message for mention counts.
CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  user_id text NOT NULL,
  kind text NOT NULL,
  conversation_id uuid NOT NULL,
  message_id uuid NOT NULL,
  seq bigint NOT NULL,
  actor_id text,
  read_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, message_id, user_id, kind),
  FOREIGN KEY (workspace_id, message_id) REFERENCES message(workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX notification_user_idx ON notification (workspace_id, user_id, created_at DESC);
CREATE INDEX notification_unread_idx ON notification (workspace_id, user_id, conversation_id, seq) WHERE read_at IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspace_key', 'message', 'message_edit', 'message_reaction', 'notification'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())', t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON workspace_key TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON message TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON message_edit TO enclave_app;
GRANT SELECT, INSERT, DELETE ON message_reaction TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON notification TO enclave_app;
