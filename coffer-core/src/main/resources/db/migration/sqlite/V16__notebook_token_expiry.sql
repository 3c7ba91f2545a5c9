-- Notebook tokens expire: a token sits in a notebook's environment, where any code the user runs
-- can read it, so a leaked one must stop working by itself. A row written without an expiry is
-- already expired (default 0). Tokens made before this migration get the default lifetime from
-- when they were made (the server's default: 7 days), so old ones stop at once.
ALTER TABLE notebook_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
-- When the token last authenticated a request (written at most once a minute), for listings.
ALTER TABLE notebook_tokens ADD COLUMN last_used_at BIGINT;
UPDATE notebook_tokens SET expires_at = created_at + 604800000;
