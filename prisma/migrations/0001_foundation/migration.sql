-- Foundation: identity (global), workspaces, members, invitations, API keys, audit log.
-- Runs as the owner role. The runtime role `enclave_app` owns nothing and has no BYPASSRLS;
-- it only receives the grants below.

-- Tenant context. Both settings are made with set_config(..., true) once per request inside
-- its transaction; an unset or empty setting yields NULL, which matches no row (fail closed).
CREATE FUNCTION app_current_workspace() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.workspace_id', true), '')::uuid $$;
CREATE FUNCTION app_current_user() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$;

-- ---------------------------------------------------------------- global identity (better-auth)
CREATE TABLE "user" (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL DEFAULT false,
  image text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE session (
  id text PRIMARY KEY,
  expires_at timestamptz(3) NOT NULL,
  token text NOT NULL UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  ip_address text,
  user_agent text,
  user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE
);
CREATE INDEX session_user_id_idx ON session(user_id);

CREATE TABLE account (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  provider_id text NOT NULL,
  user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz(3),
  refresh_token_expires_at timestamptz(3),
  scope text,
  password text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX account_user_id_idx ON account(user_id);

CREATE TABLE verification (
  id text PRIMARY KEY,
  identifier text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX verification_identifier_idx ON verification(identifier);

-- ---------------------------------------------------------------- tenant tables
CREATE TABLE workspace (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  archived_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TYPE member_role AS ENUM ('owner', 'admin', 'moderator', 'member', 'guest');

CREATE TABLE member (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  role member_role NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, user_id),
  UNIQUE (workspace_id, id)
);
CREATE INDEX member_user_id_idx ON member(user_id);

CREATE TABLE invitation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  email text,
  role member_role NOT NULL,
  token_hash text NOT NULL,
  invited_by text NOT NULL REFERENCES "user"(id),
  expires_at timestamptz(3) NOT NULL,
  accepted_at timestamptz(3),
  accepted_by text REFERENCES "user"(id),
  revoked_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, token_hash),
  UNIQUE (workspace_id, id)
);

CREATE TABLE api_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL,
  scopes text[] NOT NULL,
  created_by text NOT NULL REFERENCES "user"(id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  expires_at timestamptz(3),
  revoked_at timestamptz(3),
  UNIQUE (workspace_id, prefix),
  UNIQUE (workspace_id, id)
);

-- Append-only, hash-chained per workspace: hash = sha256(prev_hash || canonical(event)).
CREATE TABLE audit_event (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE RESTRICT,
  seq bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  action text NOT NULL,
  target_type text,
  target_id text,
  ip text,
  user_agent text,
  request_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL,
  PRIMARY KEY (workspace_id, seq)
);
CREATE INDEX audit_event_action_idx ON audit_event(workspace_id, action, seq DESC);
CREATE INDEX audit_event_actor_idx ON audit_event(workspace_id, actor_id, seq DESC);

-- Signed checkpoints, written by the admin job outside audit_event so that deleting the newest
-- entries (which leaves a valid but shorter chain) is still detected.
CREATE TABLE audit_checkpoint (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE RESTRICT,
  seq bigint NOT NULL,
  hash text NOT NULL,
  signature text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, seq)
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- ---------------------------------------------------------------- row-level security
-- Each tenant table: a permissive policy (RLS needs one) AND a restrictive one that must also hold.
ALTER TABLE workspace ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_allow ON workspace AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
-- A workspace row is readable in its own scope or by a member ("my workspaces"); writable only in scope.
CREATE POLICY workspace_tenant_read ON workspace AS RESTRICTIVE FOR SELECT
  USING (id = app_current_workspace()
         OR EXISTS (SELECT 1 FROM member m WHERE m.workspace_id = workspace.id AND m.user_id = app_current_user()));
CREATE POLICY workspace_tenant_insert ON workspace AS RESTRICTIVE FOR INSERT WITH CHECK (id = app_current_workspace());
CREATE POLICY workspace_tenant_update ON workspace AS RESTRICTIVE FOR UPDATE
  USING (id = app_current_workspace()) WITH CHECK (id = app_current_workspace());
CREATE POLICY workspace_tenant_delete ON workspace AS RESTRICTIVE FOR DELETE USING (id = app_current_workspace());

ALTER TABLE member ENABLE ROW LEVEL SECURITY;
ALTER TABLE member FORCE ROW LEVEL SECURITY;
CREATE POLICY member_allow ON member AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
-- Own membership rows are readable across workspaces; writes only inside the scoped workspace.
CREATE POLICY member_tenant_read ON member AS RESTRICTIVE FOR SELECT
  USING (workspace_id = app_current_workspace() OR user_id = app_current_user());
CREATE POLICY member_tenant_insert ON member AS RESTRICTIVE FOR INSERT WITH CHECK (workspace_id = app_current_workspace());
CREATE POLICY member_tenant_update ON member AS RESTRICTIVE FOR UPDATE
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());
CREATE POLICY member_tenant_delete ON member AS RESTRICTIVE FOR DELETE USING (workspace_id = app_current_workspace());

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invitation', 'api_key', 'audit_event', 'audit_checkpoint'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())', t || '_tenant', t);
  END LOOP;
END $$;

-- ---------------------------------------------------------------- grants to the runtime role
GRANT USAGE ON SCHEMA public TO enclave_app;
GRANT EXECUTE ON FUNCTION app_current_workspace(), app_current_user() TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "user", session, account, verification TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON workspace TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON member, invitation TO enclave_app;
GRANT SELECT, INSERT, UPDATE ON api_key TO enclave_app;
GRANT SELECT, INSERT ON audit_event TO enclave_app;
GRANT SELECT ON audit_checkpoint TO enclave_app;
