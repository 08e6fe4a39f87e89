-- Emergency lockdowns of a workspace: one row per lockdown, kept as history once it ends (lifted
-- by someone, or past ends_at). Read-only: nobody but admins may write; full: nobody but admins
-- may read or write, and their sockets leave the workspace. The gate reads the one in force.

CREATE TABLE lockdown (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('read_only', 'full')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  started_by text NOT NULL,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  ends_at timestamptz(3) NOT NULL,
  -- An admin who asked to lift a full lockdown, waiting for a second admin (or the owner).
  lift_requested_by text,
  -- Set when someone lifts it, or when the next lockdown starts after this one expired.
  ended_at timestamptz(3),
  ended_by text,
  CHECK (ends_at > started_at)
);
-- At most one lockdown not yet ended per workspace.
CREATE UNIQUE INDEX lockdown_open_idx ON lockdown (workspace_id) WHERE ended_at IS NULL;
CREATE INDEX lockdown_time_idx ON lockdown (workspace_id, started_at);

ALTER TABLE lockdown ENABLE ROW LEVEL SECURITY;
ALTER TABLE lockdown FORCE ROW LEVEL SECURITY;
CREATE POLICY lockdown_allow ON lockdown AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY lockdown_tenant ON lockdown AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

GRANT SELECT, INSERT, UPDATE ON lockdown TO enclave_app;
