-- The security policy now also watches the reasons of lockdowns and quarantines (everyone shut out,
-- or the quarantined member, reads them): their hits are recorded like the others'.

ALTER TABLE policy_hit DROP CONSTRAINT policy_hit_field_check;
ALTER TABLE policy_hit ADD CONSTRAINT policy_hit_field_check CHECK (field IN (
  'message', 'channel.name', 'channel.topic', 'channel.description', 'profile.name',
  'support.note', 'canned.title', 'canned.body', 'report.note', 'review.note',
  'lockdown.reason', 'quarantine.reason'));
