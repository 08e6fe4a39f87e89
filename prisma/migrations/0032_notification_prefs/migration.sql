-- Notification preferences and escalation. A person's preferences per workspace (how much each kind
-- of conversation notifies, email frequency and categories, push, quiet hours in their time zone),
-- per conversation overrides (level, mute until), and on each notification when it was pushed and
-- emailed, so the escalation job (in-app at once, push after a delay, email after the batching
-- window) does each step once.

CREATE TABLE notification_pref (
  workspace_id uuid NOT NULL,
  user_id text NOT NULL,
  channel_level text NOT NULL DEFAULT 'mentions' CHECK (channel_level IN ('all', 'mentions', 'nothing')),
  direct_level text NOT NULL DEFAULT 'all' CHECK (direct_level IN ('all', 'mentions', 'nothing')),
  subject_level text NOT NULL DEFAULT 'mentions' CHECK (subject_level IN ('all', 'mentions', 'nothing')),
  email text NOT NULL DEFAULT 'every15' CHECK (email IN ('off', 'immediately', 'every15', 'hourly')),
  -- Email categories the person turned off (one-click unsubscribe adds to it).
  email_off text[] NOT NULL DEFAULT '{}',
  push boolean NOT NULL DEFAULT true,
  -- Minutes after midnight in time_zone; both null: no quiet hours.
  quiet_start smallint CHECK (quiet_start BETWEEN 0 AND 1439),
  quiet_end smallint CHECK (quiet_end BETWEEN 0 AND 1439),
  time_zone text NOT NULL DEFAULT 'UTC',
  last_emailed_at timestamptz(3),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

CREATE TABLE conversation_pref (
  workspace_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  user_id text NOT NULL,
  -- Null: the person's level for this kind of conversation.
  level text CHECK (level IN ('all', 'mentions', 'nothing')),
  muted_until timestamptz(3),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, conversation_id, user_id),
  FOREIGN KEY (workspace_id, conversation_id, user_id)
    REFERENCES conversation_member(workspace_id, conversation_id, user_id) ON DELETE CASCADE
);

ALTER TABLE notification ADD COLUMN pushed_at timestamptz(3), ADD COLUMN emailed_at timestamptz(3);
-- The escalation job reads unread notifications not yet pushed or emailed, oldest first.
CREATE INDEX notification_escalation_idx ON notification (created_at)
  WHERE read_at IS NULL AND (pushed_at IS NULL OR emailed_at IS NULL);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notification_pref', 'conversation_pref'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON notification_pref, conversation_pref TO enclave_app;
