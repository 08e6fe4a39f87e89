-- Web push. A person's browsers that receive push notifications in one workspace: each browser's
-- subscription (its push service's endpoint and its keys, RFC 8291) as that browser made it with
-- the deployment's VAPID public key. The keys are public by design (they encrypt to the browser);
-- what the push says is decided per workspace (settings.notifications.pushPreview). A membership
-- that goes takes its subscriptions with it.
CREATE TABLE push_subscription (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id text NOT NULL,
  endpoint text NOT NULL CHECK (endpoint LIKE 'https://%' AND length(endpoint) <= 2048),
  -- The browser's P-256 public key (65 bytes, uncompressed) and auth secret (16 bytes), base64url.
  p256dh text NOT NULL CHECK (length(p256dh) = 87),
  auth text NOT NULL CHECK (length(auth) = 22),
  user_agent text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_sent_at timestamptz(3),
  -- Why the last push failed (a status code or a connection error; never a response body).
  last_error text,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, user_id, endpoint),
  FOREIGN KEY (workspace_id, user_id) REFERENCES member(workspace_id, user_id) ON DELETE CASCADE
);

ALTER TABLE push_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE push_subscription FORCE ROW LEVEL SECURITY;
CREATE POLICY push_subscription_allow ON push_subscription AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true);
CREATE POLICY push_subscription_tenant ON push_subscription AS RESTRICTIVE FOR ALL
  USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace());

GRANT SELECT, INSERT, UPDATE, DELETE ON push_subscription TO enclave_app;
