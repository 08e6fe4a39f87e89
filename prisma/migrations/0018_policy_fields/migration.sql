-- The security policy now also watches the support inbox's notes and canned replies and the words
-- of moderation (a report's note, a moderator's note): their hits are recorded like the others'.

ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note'));
