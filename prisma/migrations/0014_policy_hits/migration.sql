-- What the security policy (workspace.settings.security) caught: one row per rule that matched a
-- message, an edit or a refused send. Never the matched text: the rule, its action and where it
-- matched. The moderation queue and the security overview read these.

CREATE TABLE policy_hit (
  id bigint GENERATED ALWAYS AS IDENTITY,
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  -- The stored message, or null when the send was refused (nothing was stored).
  message_id uuid,
  conversation_id uuid,
  -- Which text: a message (or its edit), or a field such as a channel's topic.
  field text NOT NULL DEFAULT 'message' CHECK (field IN ('message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name')),
  user_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('detector', 'filter', 'domain', 'markup', 'limit')),
  rule text NOT NULL,
  action text NOT NULL CHECK (action IN ('flag', 'redact', 'block')),
  -- The policy version that decided.
  policy_version integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX policy_hit_time_idx ON policy_hit (workspace_id, created_at);
CREATE INDEX policy_hit_message_idx ON policy_hit (workspace_id, message_id) WHERE message_id IS NOT NULL;

ALTER TABLE policy_hit ENABLE ROW LEVEL SECURITY;
ALTER TABLE policy_hit FORCE ROW LEVEL SECURITY;
CREATE POLICY policy_hit_allow ON policy_hit AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY policy_hit_tenant ON policy_hit AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

-- A record of what happened: the app adds rows and reads them, never changes them.
GRANT SELECT, INSERT ON policy_hit TO enclave_app;
