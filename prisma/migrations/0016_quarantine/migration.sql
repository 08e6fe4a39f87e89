-- Quarantine of a member: for a while they cannot use the workspace (no calls into it, their
-- sockets hear nothing of it, their presence is hidden there), with a reason they are shown.
-- One row per quarantine, kept as history once it ends (released, or past ends_at).

CREATE TABLE quarantine (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  started_by text NOT NULL,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  ends_at timestamptz(3) NOT NULL,
  ended_at timestamptz(3),
  ended_by text,
  CHECK (ends_at > started_at)
);
-- At most one quarantine not yet ended per member.
CREATE UNIQUE INDEX quarantine_open_idx ON quarantine (workspace_id, user_id) WHERE ended_at IS NULL;
CREATE INDEX quarantine_time_idx ON quarantine (workspace_id, started_at);

ALTER TABLE quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE quarantine FORCE ROW LEVEL SECURITY;
CREATE POLICY quarantine_allow ON quarantine AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY quarantine_tenant ON quarantine AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

GRANT SELECT, INSERT, UPDATE ON quarantine TO enclave_app;
