-- Held messages: when the workspace's policy holds what it would queue for review, the message is
-- not posted. Its review keeps the text instead (encrypted under the workspace key, bound to the
-- review's row), with the rules it matched, until a moderator decides: approving posts it (the
-- review then points at the new message), any other decision discards the text.

ALTER TABLE review ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE review
  ADD COLUMN held_body bytea,
  ADD COLUMN held_client_msg_id text CHECK (length(held_client_msg_id) <= 128),
  ADD COLUMN held_parent_id uuid,
  ADD COLUMN held_hits jsonb,
  -- A review is of a posted message, or of a held one while it is open.
  ADD CONSTRAINT review_message_or_held CHECK (message_id IS NOT NULL OR held_body IS NOT NULL OR status <> 'open'),
  -- A retried send of a held message is the same held message.
  ADD CONSTRAINT review_held_client_key UNIQUE (workspace_id, author_id, held_client_msg_id);
