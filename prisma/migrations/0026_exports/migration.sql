-- Workspace exports: an admin asks for one (a date range, conversations, deleted messages or not,
-- and formats); a job builds a ZIP with a signed manifest, its progress kept here and told to the
-- requester live. The file may be downloaded by the requester only, until it expires.

CREATE TABLE export_job (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  requested_by text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- What was asked for: { from, to, conversationIds, includeDeleted, formats }.
  options jsonb NOT NULL,
  done integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  -- The ZIP under the data directory, its size and SHA-256; the manifest's counts and head.
  file text,
  bytes bigint,
  sha256 text,
  summary jsonb,
  error text CHECK (length(error) <= 500),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  expires_at timestamptz(3),
  downloads integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX export_job_time_idx ON export_job (workspace_id, created_at DESC);

ALTER TABLE export_job ENABLE ROW LEVEL SECURITY;
ALTER TABLE export_job FORCE ROW LEVEL SECURITY;
CREATE POLICY export_job_allow ON export_job AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY export_job_tenant ON export_job AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());
GRANT SELECT, INSERT, UPDATE ON export_job TO enclave_app;
