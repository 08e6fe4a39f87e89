-- Rectification (GDPR art. 16): a workspace admin corrects someone else's message. The replaced
-- text is kept in message_edit like an edit's, marked as a correction with the admin's reason
-- (edited_by names the admin); the message records when its current text came from a correction,
-- so clients say "corrected by an admin" instead of "edited" (the author's next edit clears it).
ALTER TABLE message_edit ADD COLUMN kind text NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'correction'));
ALTER TABLE message_edit ADD COLUMN reason text CHECK (length(reason) <= 500);
ALTER TABLE message_edit ADD CONSTRAINT message_edit_reason CHECK ((kind = 'correction') = (reason IS NOT NULL));
ALTER TABLE message ADD COLUMN corrected_at timestamptz(3);

-- A correction's reason passes the security policy like the other reasons.
ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note',
  'lockdown.reason', 'quarantine.reason', 'legal_hold.reason', 'correction.reason'));
