-- System messages: a line in a channel when someone joins or leaves it, or is added or removed
-- ("Ann added Bob"), when the workspace shows them (settings.membershipMessages). Such a message
-- has no body (and is not deleted for that); its author is who acted, event_user_id whom it is about.
ALTER TABLE message
  ADD COLUMN event text CHECK (event IN ('joined', 'left', 'added', 'removed')),
  ADD COLUMN event_user_id text,
  ADD CONSTRAINT message_event_body CHECK (event IS NULL OR (body IS NULL AND event_user_id IS NOT NULL));
-- A written message has a body exactly while it is not deleted; a system message never has one.
ALTER TABLE message DROP CONSTRAINT message_check;
ALTER TABLE message ADD CONSTRAINT message_body_check
  CHECK (event IS NOT NULL OR (deleted_at IS NULL) = (body IS NOT NULL));
