-- The trigger function that deletes a message's files when the message goes (retention, a
-- conversation's deletion) or becomes a tombstone (deleted by its author or a moderator, erased):
-- their versions' blobs are queued for removal by file_blob_gone_queue in the same transaction.
-- The trigger on message is created in migration 0031 and refers to this function by oid.
CREATE OR REPLACE FUNCTION message_files_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(OLD.file_ids) > 0
     AND (TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)) THEN
    DELETE FROM file WHERE workspace_id = OLD.workspace_id AND message_id = OLD.id;
  END IF;
  RETURN NULL;
END $$;
