-- The trigger function that queues a deleted file version's blobs (content and thumbnail) for
-- removal from the blob store, in the deleting transaction, however the row went (the trigger on
-- file_version is created in migration 0031 and refers to this function by oid).
CREATE OR REPLACE FUNCTION file_blob_gone_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO file_blob_gone (workspace_id, storage_key)
  SELECT OLD.workspace_id, k FROM unnest(ARRAY[OLD.storage_key, OLD.thumb_key]) k WHERE k IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN OLD;
END $$;
