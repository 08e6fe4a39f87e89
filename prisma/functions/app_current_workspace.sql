-- The tenant of the current transaction, for every row-level security policy: the setting made with
-- set_config('app.workspace_id', …, true) once per request. Unset or empty yields NULL, which
-- matches no row (fail closed). Plain SQL without a SET clause, so the planner inlines it into the
-- policies. Policies refer to it by oid: replacing the definition changes every policy at once.
CREATE OR REPLACE FUNCTION app_current_workspace() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.workspace_id', true), '')::uuid $$;

GRANT EXECUTE ON FUNCTION app_current_workspace() TO enclave_app;
