-- Hardening of the widget's session exchange.

-- A host-signed identity token is exchanged once: its id (a hash of its signature) is remembered
-- until the token expires, so a second exchange finds it here, on whichever node it arrives. The
-- row is written in the same transaction as the session it creates.
CREATE TABLE widget_token_use (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  token_id text NOT NULL,
  -- The token's own expiry: after it the token is refused anyway, so the row may go.
  expires_at timestamptz(3) NOT NULL,
  used_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, token_id)
);
CREATE INDEX widget_token_use_expiry_idx ON widget_token_use (workspace_id, expires_at);

ALTER TABLE widget_token_use ENABLE ROW LEVEL SECURITY;
ALTER TABLE widget_token_use FORCE ROW LEVEL SECURITY;
CREATE POLICY widget_token_use_allow ON widget_token_use AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY widget_token_use_tenant ON widget_token_use AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

-- Remembered ids are never changed, only added and purged once expired. The purge locks the rows it
-- takes with FOR UPDATE SKIP LOCKED (concurrent exchanges skip each other's), which needs an UPDATE
-- right on some column: used_at, which nothing updates.
GRANT SELECT, INSERT, DELETE ON widget_token_use TO enclave_app;
GRANT UPDATE (used_at) ON widget_token_use TO enclave_app;

-- The hourly cap on new anonymous visitors counts a workspace's anonymous visitors of the last hour.
CREATE INDEX widget_visitor_anonymous_idx ON widget_visitor (workspace_id, created_at)
  WHERE external_id LIKE 'a:%';
