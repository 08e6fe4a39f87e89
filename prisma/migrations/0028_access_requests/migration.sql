-- Data-subject access requests: a person asks for everything Enclave holds about them, across
-- every workspace they are in. A job builds one ZIP (NDJSON per workspace and table, an HTML view,
-- a signed manifest); only that person may download it, until it expires. The table belongs to
-- the person, not to a workspace: it is read and written by user id, like the sessions.

CREATE TABLE access_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  done integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  file text,
  bytes bigint,
  sha256 text,
  summary jsonb,
  error text CHECK (length(error) <= 500),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  expires_at timestamptz(3),
  downloads integer NOT NULL DEFAULT 0
);
CREATE INDEX access_request_user_idx ON access_request (user_id, created_at DESC);
GRANT SELECT, INSERT, UPDATE ON access_request TO enclave_app;
