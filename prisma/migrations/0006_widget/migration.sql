-- The embeddable widget. A host application signs an identity for its user; Enclave turns it into a
-- visitor: a guest member behind a user row of its own (never one that can sign in), with widget
-- sessions that are tenant rows like API keys. The identity secret is stored encrypted.

CREATE TABLE widget_secret (
  workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
  secret bytea NOT NULL,
  rotated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE widget_visitor (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  -- 'u:<host user id>' for signed identities, 'a:<random>' for anonymous visitors.
  external_id text NOT NULL,
  email text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  UNIQUE (workspace_id, external_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE
);

CREATE TABLE widget_session (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  token_hash text NOT NULL,
  -- The records ({type, id}) the host's token allows this visitor to open.
  subjects jsonb NOT NULL DEFAULT '[]',
  host_origin text NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, token_hash),
  FOREIGN KEY (workspace_id, user_id) REFERENCES widget_visitor(workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX widget_session_user_idx ON widget_session (workspace_id, user_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['widget_secret', 'widget_visitor', 'widget_session'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())', t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON widget_secret TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON widget_visitor TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON widget_session TO enclave_app;

-- The widget page and the token exchange start from the slug in the host's script tag, before any
-- tenant scope exists. This function (owner role) answers only slug → id, nothing else.
CREATE FUNCTION workspace_id_by_slug(p_slug text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM workspace WHERE slug = p_slug
$$;
REVOKE ALL ON FUNCTION workspace_id_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workspace_id_by_slug(text) TO enclave_app;
