-- The trigger function that keeps the audit log and its checkpoints append-only: every UPDATE,
-- DELETE and TRUNCATE on audit_event and audit_checkpoint fails, for every role (the triggers are
-- created in migration 0001 and refer to this function by oid).
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
