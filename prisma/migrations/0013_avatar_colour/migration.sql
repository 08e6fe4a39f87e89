-- The avatar colour a person chose on their profile: a name from shared/avatar-colours.ts, or NULL
-- for the default (the colour picked from the user id, so nobody's avatar changes until they choose).
-- The application validates the name; the column stays plain text so a new colour needs no migration.
-- "user" is global (no RLS) and enclave_app's table grants cover the new column.

ALTER TABLE "user" ADD COLUMN avatar_colour text;
