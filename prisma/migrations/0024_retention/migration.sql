-- Retention and legal hold. A workspace may keep messages for a number of days (a rule with no
-- conversation); a channel may keep them for its own number of days, or for ever (a rule with
-- message_days NULL). An hourly sweep deletes what has expired, in batches, as a run whose
-- progress admins see. A legal hold on the workspace, a conversation or a person stops the sweep
-- (and erasure) for what it covers until it is released.

CREATE TABLE retention_rule (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  conversation_id uuid,
  message_days integer CHECK (message_days IS NULL OR message_days BETWEEN 1 AND 36500),
  set_by text NOT NULL,
  set_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE,
  -- The workspace's own rule has a number of days; "for ever" there is no rule at all.
  CHECK (conversation_id IS NOT NULL OR message_days IS NOT NULL)
);
CREATE UNIQUE INDEX retention_rule_workspace_key ON retention_rule (workspace_id) WHERE conversation_id IS NULL;
CREATE UNIQUE INDEX retention_rule_conversation_key ON retention_rule (workspace_id, conversation_id)
  WHERE conversation_id IS NOT NULL;

CREATE TABLE legal_hold (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Neither: the whole workspace. One of them: that conversation, or that person's messages.
  conversation_id uuid,
  user_id text,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  placed_by text NOT NULL,
  placed_at timestamptz(3) NOT NULL DEFAULT now(),
  released_by text,
  released_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE,
  CHECK (conversation_id IS NULL OR user_id IS NULL),
  CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE INDEX legal_hold_active_idx ON legal_hold (workspace_id) WHERE released_at IS NULL;

CREATE TABLE retention_run (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The moment the run counted from: what was older than each rule's days then has expired.
  as_of timestamptz(3) NOT NULL,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  -- Expired messages when it started, and deleted so far (replies go with their thread).
  expired integer NOT NULL DEFAULT 0,
  deleted integer NOT NULL DEFAULT 0,
  -- Expired but kept: under a legal hold.
  held integer NOT NULL DEFAULT 0,
  error text CHECK (length(error) <= 500),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX retention_run_time_idx ON retention_run (workspace_id, started_at DESC);

-- The sweep finds expired messages by age within a conversation.
CREATE INDEX message_age_idx ON message (workspace_id, conversation_id, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['retention_rule', 'legal_hold', 'retention_run'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON retention_rule TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON legal_hold TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON retention_run TO enclave_app;

-- The sweep deletes expired messages (everything else about messages is soft): under the
-- workspace's row-level security like every other write of the app role.
GRANT DELETE ON message TO enclave_app;

-- A legal hold's reason passes the security policy like the other reasons.
ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note',
  'lockdown.reason', 'quarantine.reason', 'legal_hold.reason'));
