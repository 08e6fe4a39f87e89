-- Conversations (channels now; DMs, groups and record-linked conversations reuse the table) and
-- their members. Tenant tables: workspace_id, FORCE RLS, restrictive policy, keys include workspace_id.

CREATE TYPE conversation_kind AS ENUM ('channel', 'dm', 'group', 'subject');
CREATE TYPE conversation_role AS ENUM ('member', 'moderator');

CREATE TABLE conversation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  kind conversation_kind NOT NULL,
  name text,
  topic text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  is_private boolean NOT NULL DEFAULT false,
  -- #general: every non-guest member is in it; it cannot be archived or left.
  is_default boolean NOT NULL DEFAULT false,
  archived_at timestamptz(3),
  -- Direct and group conversations: sha256 of the sorted participant ids, so the same people
  -- always get the same conversation.
  dm_key text,
  -- Conversations attached to one record of the host application ("invoice 42").
  subject_type text,
  subject_id text,
  created_by text REFERENCES "user"(id) ON DELETE SET NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id),
  CHECK (kind <> 'channel' OR name IS NOT NULL),
  CHECK ((kind IN ('dm', 'group')) = (dm_key IS NOT NULL)),
  CHECK ((kind = 'subject') = (subject_type IS NOT NULL AND subject_id IS NOT NULL))
);
-- Channel names are unique per workspace regardless of case.
CREATE UNIQUE INDEX conversation_channel_name_idx ON conversation (workspace_id, lower(name)) WHERE kind = 'channel';
CREATE UNIQUE INDEX conversation_default_idx ON conversation (workspace_id) WHERE is_default;
CREATE UNIQUE INDEX conversation_dm_idx ON conversation (workspace_id, dm_key) WHERE dm_key IS NOT NULL;
CREATE UNIQUE INDEX conversation_subject_idx ON conversation (workspace_id, subject_type, subject_id) WHERE kind = 'subject';

CREATE TABLE conversation_member (
  workspace_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  user_id text NOT NULL,
  role conversation_role NOT NULL DEFAULT 'member',
  joined_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, conversation_id, user_id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE,
  -- Leaving or being removed from the workspace removes every conversation membership with it.
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX conversation_member_user_idx ON conversation_member (workspace_id, user_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['conversation', 'conversation_member'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())', t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON conversation TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON conversation_member TO enclave_app;

-- Existing workspaces get their #general with every non-guest member in it.
INSERT INTO conversation (workspace_id, kind, name, topic, is_default)
  SELECT id, 'channel', 'general', 'Everyone in the workspace', true FROM workspace;
INSERT INTO conversation_member (workspace_id, conversation_id, user_id)
  SELECT c.workspace_id, c.id, m.user_id FROM conversation c JOIN member m ON m.workspace_id = c.workspace_id
  WHERE c.is_default AND m.role <> 'guest';
