-- Positioned comments on files: a thread anchored to a region of an image or of a PDF page, in
-- 0–1 coordinates of that page ({ version, page, rect }), so it stays put at any zoom. Replies
-- hang off their thread's first comment; a thread is resolved as a whole. The text is encrypted
-- under its author's key, like a message. A comment stays when a new version comes: it says which
-- version it was made on, and the viewer shows it "on an earlier version".
CREATE TABLE file_comment (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  file_id uuid NOT NULL,
  -- The thread's first comment, or null for a first comment.
  parent_id uuid,
  version integer NOT NULL CHECK (version >= 1),
  page integer NOT NULL DEFAULT 1 CHECK (page >= 1),
  x double precision NOT NULL CHECK (x >= 0 AND x <= 1),
  y double precision NOT NULL CHECK (y >= 0 AND y <= 1),
  w double precision NOT NULL DEFAULT 0 CHECK (w >= 0 AND x + w <= 1.000001),
  h double precision NOT NULL DEFAULT 0 CHECK (h >= 0 AND y + h <= 1.000001),
  author_id text NOT NULL,
  body bytea NOT NULL,
  key_version integer NOT NULL,
  resolved_at timestamptz(3),
  resolved_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, file_id) REFERENCES file(workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, parent_id) REFERENCES file_comment(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX file_comment_file_idx ON file_comment (workspace_id, file_id, created_at);

ALTER TABLE file_comment ENABLE ROW LEVEL SECURITY;
ALTER TABLE file_comment FORCE ROW LEVEL SECURITY;
CREATE POLICY file_comment_allow ON file_comment AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY file_comment_tenant ON file_comment AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

GRANT SELECT, INSERT, UPDATE, DELETE ON file_comment TO enclave_app;

-- Comments pass the security policy like the other text fields.
ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note',
  'lockdown.reason', 'quarantine.reason', 'legal_hold.reason', 'correction.reason', 'file.name',
  'file.comment'));
