-- How far each workspace's signed checkpoints have reached the copy outside the database, per copy
-- location (`sink`: a directory or URL). The checkpoint job appends every checkpoint above `seq` to
-- that copy, oldest first, and moves `seq` only after the copy has stored it, so a copy that could
-- not be written is caught up on the next run. A new location starts from the first checkpoint.
-- Losing or lowering a row only repeats lines in the copy; raising it stops copying, which verify
-- reports because the copy then lags the database.
CREATE TABLE audit_checkpoint_copy (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE RESTRICT,
  sink text NOT NULL,
  seq bigint NOT NULL,
  copied_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, sink)
);

ALTER TABLE audit_checkpoint_copy ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoint_copy FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_checkpoint_copy_allow ON audit_checkpoint_copy AS PERMISSIVE FOR ALL
  USING (true) WITH CHECK (true);
CREATE POLICY audit_checkpoint_copy_tenant ON audit_checkpoint_copy AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

-- Readable in scope like the other audit tables; only the owner role's job writes it.
GRANT SELECT ON audit_checkpoint_copy TO enclave_app;
