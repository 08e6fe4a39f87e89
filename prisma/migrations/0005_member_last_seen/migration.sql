-- When a member was last connected (set as their sockets come and go), for "last seen" in the console.
ALTER TABLE member ADD COLUMN last_seen_at timestamptz(3);
