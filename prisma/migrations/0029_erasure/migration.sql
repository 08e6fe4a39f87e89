-- Erasure by crypto-shredding. What a person writes in a workspace is encrypted under their own
-- data key (person_key), wrapped by the workspace key; erasing them destroys that row, so every
-- copy of their texts (replicas, backups) becomes unreadable. A rotation of the workspace key
-- re-wraps these keys (wrap_version) instead of needing the texts.
CREATE TABLE person_key (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  user_id text NOT NULL,
  wrapped bytea NOT NULL,
  wrap_version integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, user_id)
);

-- Audit entries about an erased person are rewritten with a stable pseudonym in their place. The
-- chain still verifies: each rewrite is covered by a record of the rewritten entry's digest,
-- signed with the checkpoint key, and the entry keeps its hash, so the links stay whole. The
-- records are append-only; an entry rewritten twice (two people erased) has one per version.
CREATE TABLE audit_redaction (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  digest text NOT NULL,
  signature text NOT NULL,
  redacted_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, seq, digest)
);
CREATE TRIGGER audit_redaction_no_update BEFORE UPDATE OR DELETE ON audit_redaction
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_redaction_no_truncate BEFORE TRUNCATE ON audit_redaction
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['person_key', 'audit_redaction'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

-- Signed erasure receipts. Like access requests they belong to the person, not to a workspace,
-- and outlive the account: the person is named only by subject_ref, a keyed hash of their id that
-- only a signed-in request of theirs can compute again.
CREATE TABLE erasure_receipt (
  id uuid PRIMARY KEY,
  subject_ref text NOT NULL,
  pseudonym text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('workspace', 'account')),
  requested_by text NOT NULL CHECK (requested_by IN ('self', 'admin')),
  workspace_ids uuid[] NOT NULL,
  receipt jsonb NOT NULL,
  signature text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX erasure_receipt_subject_idx ON erasure_receipt (subject_ref, created_at DESC);
CREATE INDEX erasure_receipt_workspaces_idx ON erasure_receipt USING gin (workspace_ids);

-- The audit guard lets an entry change only as a redaction records it (the function's file).
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM audit_prune p WHERE p.workspace_id = OLD.workspace_id AND OLD.seq < p.before_seq) THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.workspace_id = OLD.workspace_id AND NEW.seq = OLD.seq
    AND NEW.hash = OLD.hash AND NEW.prev_hash = OLD.prev_hash AND NEW.action = OLD.action
    AND NEW.created_at = OLD.created_at AND EXISTS (
      SELECT 1 FROM audit_redaction r WHERE r.workspace_id = OLD.workspace_id AND r.seq = OLD.seq) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON person_key TO enclave_app;
GRANT SELECT, INSERT ON audit_redaction TO enclave_app;
GRANT SELECT, INSERT ON erasure_receipt TO enclave_app;
GRANT UPDATE ON audit_event TO enclave_app;
-- Erasure removes a person's own rows; these tables had no DELETE for the app.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['message_edit', 'message_reaction', 'notification', 'widget_visitor',
    'widget_session', 'conversation_member', 'member', 'api_key'] LOOP
    EXECUTE format('GRANT DELETE ON %I TO enclave_app', t);
  END LOOP;
END $$;

-- The workspace's records of what an erased person did keep a pseudonym where their id was: these
-- columns name a person without requiring the account to exist (their reads resolve missing
-- people as "former member" already).
ALTER TABLE message DROP CONSTRAINT IF EXISTS message_author_id_fkey;
ALTER TABLE conversation DROP CONSTRAINT IF EXISTS conversation_created_by_fkey;
ALTER TABLE invitation DROP CONSTRAINT IF EXISTS invitation_invited_by_fkey;
ALTER TABLE invitation DROP CONSTRAINT IF EXISTS invitation_accepted_by_fkey;

-- Pseudonymising needs UPDATE where the app had none.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invitation', 'conversation', 'message', 'message_edit', 'notification',
    'support_note', 'canned_reply', 'policy_hit', 'lockdown', 'quarantine', 'review', 'message_report',
    'retention_rule', 'legal_hold', 'audit_retention', 'export_job'] LOOP
    EXECUTE format('GRANT UPDATE ON %I TO enclave_app', t);
  END LOOP;
END $$;
