-- The trigger function that keeps the audit log append-only, with one exception: audit retention
-- may delete entries below a signed "pruned before" record (audit_prune, written first in the same
-- transaction by server/domain/compliance/audit-prune.ts), and erasure may rewrite an entry whose
-- new form a signed audit_redaction records (server/domain/privacy/redact.ts), keeping its hash
-- and place in the chain. Every other UPDATE or DELETE of an entry fails, for every role.
-- Migration 0025 swaps the trigger on audit_event to this function.
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
