-- Files. A file belongs to one conversation and inherits its access; each upload of it is a
-- version. Bytes live in the blob store (local disk or S3), encrypted in segments under the
-- version's own file key; the database holds that key wrapped by the workspace key, and the name
-- encrypted like message text. Nothing here or in the store is readable without the keys.
CREATE TABLE file (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  -- Set when a message carries it; an upload not sent within a day is removed.
  message_id uuid,
  uploader_id text,
  current_version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX file_message_idx ON file (workspace_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX file_conversation_idx ON file (workspace_id, conversation_id, created_at DESC);
CREATE INDEX file_unsent_idx ON file (created_at) WHERE message_id IS NULL;

CREATE TABLE file_version (
  workspace_id uuid NOT NULL,
  -- The ciphertexts (name, wrapped key, blobs) are bound to this id.
  id uuid NOT NULL,
  file_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  uploader_id text,
  name bytea NOT NULL,
  wrapped_key bytea NOT NULL,
  key_version integer NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  -- Sniffed from the content, never taken from the client.
  mime text NOT NULL,
  storage_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'clean', 'infected', 'unscanned', 'blocked')),
  -- The scanner's finding for an infected file (a signature name), or why it was not scanned.
  verdict text,
  scanned_at timestamptz(3),
  thumb_key text,
  width integer,
  height integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, file_id, version),
  FOREIGN KEY (workspace_id, file_id) REFERENCES file(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX file_version_key_idx ON file_version (workspace_id, key_version);

-- Blobs whose rows are gone, however they went (a message deleted, retention, erasure, a
-- conversation or workspace deleted): the trigger queues them in the same transaction, and a job
-- removes them from the store. No foreign key: the queue outlives a deleted workspace.
CREATE TABLE file_blob_gone (
  workspace_id uuid NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, storage_key)
);

-- Which files a message carries, in the order sent (the view reads them only when there are any).
ALTER TABLE message ADD COLUMN file_ids uuid[] NOT NULL DEFAULT '{}';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['file', 'file_version', 'file_blob_gone'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())',
      t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON file, file_version, file_blob_gone TO enclave_app;

-- Defined here for the trigger below; prisma/functions/file_blob_gone_queue.sql is its home.
CREATE OR REPLACE FUNCTION file_blob_gone_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO file_blob_gone (workspace_id, storage_key)
  SELECT OLD.workspace_id, k FROM unnest(ARRAY[OLD.storage_key, OLD.thumb_key]) k WHERE k IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN OLD;
END $$;
CREATE TRIGGER file_version_blob_gone AFTER DELETE ON file_version
  FOR EACH ROW EXECUTE FUNCTION file_blob_gone_queue();

-- A held send keeps the files it carries; they are attached when a moderator posts it.
ALTER TABLE review ADD COLUMN held_file_ids uuid[] NOT NULL DEFAULT '{}';

-- File names pass the security policy like the other text fields.
ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note',
  'lockdown.reason', 'quarantine.reason', 'legal_hold.reason', 'correction.reason', 'file.name'));

-- A message's files go with it (prisma/functions/message_files_gone.sql is the function's home).
CREATE OR REPLACE FUNCTION message_files_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(OLD.file_ids) > 0
     AND (TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)) THEN
    DELETE FROM file WHERE workspace_id = OLD.workspace_id AND message_id = OLD.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER message_files_gone AFTER DELETE OR UPDATE OF deleted_at ON message
  FOR EACH ROW EXECUTE FUNCTION message_files_gone();
