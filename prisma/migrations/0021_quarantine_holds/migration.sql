-- A quarantine either refuses its member everything in the workspace (as before), or lets them go
-- on reading while everything they send waits for a moderator (the policy's choice, kept on each
-- quarantine so a later policy change does not alter one in force). A review says whether it holds
-- a message for that reason rather than for the rules it matched.

ALTER TABLE quarantine ADD COLUMN holds boolean NOT NULL DEFAULT false;
ALTER TABLE review ADD COLUMN held_in_quarantine boolean NOT NULL DEFAULT false;
