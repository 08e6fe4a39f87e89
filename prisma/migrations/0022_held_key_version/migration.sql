-- A held message's text is re-encrypted by a key rotation like every other encrypted text: its
-- review records the key version, as message, message_edit and support_note do. Held texts from
-- before this migration take it from their ciphertext's header (format byte, then the version as
-- a big-endian 32-bit number: server/lib/crypto/aead.ts).

ALTER TABLE review ADD COLUMN held_key_version int;
UPDATE review
  SET held_key_version = ('x' || encode(substring(held_body FROM 2 FOR 4), 'hex'))::bit(32)::int
  WHERE held_body IS NOT NULL;
ALTER TABLE review ADD CONSTRAINT review_held_key_version CHECK ((held_body IS NULL) = (held_key_version IS NULL));
CREATE INDEX review_held_key_idx ON review (workspace_id, held_key_version) WHERE held_body IS NOT NULL;
