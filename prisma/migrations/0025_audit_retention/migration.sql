-- Audit retention. The log keeps entries for a workspace's audit_retention days (seven years when
-- it has none). Older entries are pruned only behind a signed "pruned before" record: audit_prune
-- holds the first sequence number kept and the hash it chains from, signed with the checkpoint key,
-- so verification starts there and the rest of the chain still verifies. The log stays append-only
-- for everything else: a DELETE is refused unless a pruning record covers the entry.

CREATE TABLE audit_retention (
  workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
  days integer NOT NULL CHECK (days BETWEEN 365 AND 36500),
  set_by text NOT NULL,
  set_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE audit_prune (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  -- Every entry below this sequence number was removed; this one is the first kept.
  before_seq bigint NOT NULL CHECK (before_seq > 1),
  -- The hash of entry before_seq - 1: what the first kept entry's prev_hash must be.
  prev_hash text NOT NULL,
  -- Entries created before this moment were due.
  cutoff timestamptz(3) NOT NULL,
  removed integer NOT NULL,
  pruned_at timestamptz(3) NOT NULL DEFAULT now(),
  signature text NOT NULL,
  PRIMARY KEY (workspace_id, before_seq)
);
CREATE TRIGGER audit_prune_no_update BEFORE UPDATE OR DELETE ON audit_prune
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_prune_no_truncate BEFORE TRUNCATE ON audit_prune
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Entries may go only below a pruning record; anything else stays refused, for every role. Its
-- file (prisma/functions/audit_event_guard.sql) keeps it current; this creates it for the trigger.
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM audit_prune p WHERE p.workspace_id = OLD.workspace_id AND OLD.seq < p.before_seq) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER audit_event_no_update ON audit_event;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_guard();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_retention', 'audit_prune'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON audit_retention TO enclave_app;
GRANT SELECT, INSERT ON audit_prune TO enclave_app;
-- Only what a pruning record covers (the trigger above), under the workspace's row-level security.
GRANT DELETE ON audit_event TO enclave_app;
