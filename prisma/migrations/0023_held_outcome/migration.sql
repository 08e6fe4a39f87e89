-- The author of a held message hears what a moderator decided: approved (the notification points
-- at the posted message) or not posted (there is no message to point at, so message_id is null;
-- the foreign key to message is not checked for such rows, and each decision is its own row).

ALTER TABLE notification ALTER COLUMN message_id DROP NOT NULL;
