-- The person of the current transaction (app.user_id, set like app.workspace_id), for the policies
-- that let someone read their own memberships across workspaces. Unset or empty yields NULL.
CREATE OR REPLACE FUNCTION app_current_user() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user_id', true), '') $$;

GRANT EXECUTE ON FUNCTION app_current_user() TO enclave_app;
