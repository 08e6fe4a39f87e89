-- Moderation: messages under review and the reports that put them there. A review is opened by
-- the security policy (a flag, or a threat score over the workspace's threshold) or by the first
-- report; a moderator's decision closes it and every reporter is told the outcome.

CREATE TABLE review (
  id uuid DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  message_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  author_id text NOT NULL,
  -- The message's threat score when it was sent (0..100), and whether the policy queued it.
  score integer NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  flagged boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'deleted', 'warned', 'quarantined')),
  decided_by text,
  decided_at timestamptz(3),
  note text CHECK (length(note) <= 500),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, message_id),
  FOREIGN KEY (workspace_id, message_id) REFERENCES message(workspace_id, id) ON DELETE CASCADE,
  CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX review_open_idx ON review (workspace_id, created_at) WHERE status = 'open';
CREATE INDEX review_decided_idx ON review (workspace_id, decided_at) WHERE status <> 'open';
CREATE INDEX review_author_idx ON review (workspace_id, author_id, decided_at);

CREATE TABLE message_report (
  id uuid DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  review_id uuid NOT NULL,
  message_id uuid NOT NULL,
  reporter_id text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('spam', 'harassment', 'sensitive', 'other')),
  note text CHECK (length(note) <= 500),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  -- Whether the reporter has been told the outcome of the review this report joined.
  answered_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, message_id, reporter_id),
  FOREIGN KEY (workspace_id, review_id) REFERENCES review(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX message_report_review_idx ON message_report (workspace_id, review_id);

-- Notifications that are not mentions (a report's outcome, a moderator's warning) carry words.
ALTER TABLE notification ADD COLUMN detail text CHECK (length(detail) <= 1000);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['review', 'message_report'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON review TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON message_report TO enclave_app;
