-- File shares. A file belongs to its conversation and inherits its access; a share lets one more
-- member of the workspace see it too (read, always), and by its flags comment on it, upload a new
-- version of it, and download its content. A share ends when it is revoked or its expires_at has
-- passed; ended shares stay as history, and at most one share per file and person is not revoked.
CREATE TABLE file_share (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  file_id uuid NOT NULL,
  -- The person shared with: a member of the workspace (their shares go with their membership).
  user_id text NOT NULL,
  can_read boolean NOT NULL DEFAULT true CHECK (can_read),
  can_comment boolean NOT NULL DEFAULT false,
  can_replace boolean NOT NULL DEFAULT false,
  can_download boolean NOT NULL DEFAULT false,
  expires_at timestamptz(3),
  -- Who shared it (the uploader or an admin); an erasure puts their pseudonym here.
  created_by text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  revoked_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, file_id) REFERENCES file(workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX file_share_active_idx ON file_share (workspace_id, file_id, user_id)
  WHERE revoked_at IS NULL;
-- "Shared with me": a person's shares not revoked.
CREATE INDEX file_share_user_idx ON file_share (workspace_id, user_id, created_at DESC)
  WHERE revoked_at IS NULL;

ALTER TABLE file_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE file_share FORCE ROW LEVEL SECURITY;
CREATE POLICY file_share_allow ON file_share AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY file_share_tenant ON file_share AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

GRANT SELECT, INSERT, UPDATE, DELETE ON file_share TO enclave_app;

-- The file a notification is about ("X shared a file with you"): its page is where it links.
-- The notification goes with the file.
ALTER TABLE notification ADD COLUMN file_id uuid;
ALTER TABLE notification ADD CONSTRAINT notification_file_fkey
  FOREIGN KEY (workspace_id, file_id) REFERENCES file(workspace_id, id) ON DELETE CASCADE;
CREATE INDEX notification_file_idx ON notification (workspace_id, file_id) WHERE file_id IS NOT NULL;
