-- Possession of chunks is per team: a manifest may name a chunk only if the team holds it
-- already (a content of its files, versions or drafts has it) or sent its bytes within the GC
-- grace period. This table records the second case: which scope sent which chunk, and when.
-- scope_id is a team id, or 0 for public datasets (written by operators); no foreign key, the
-- rows expire after the grace period and GC removes them. See docs/design/possession-and-gc.md.
-- pending_bytes: the new bytes this upload stored that no commit has used yet (0 once a commit
-- names the chunk, or when the chunk was stored already): the team's upload reservation, which
-- plans with a hard limit count against it for a while (see QuotaGuard).
CREATE TABLE chunk_grants (
    scope_id    BIGINT  NOT NULL,
    chunk_hash  TEXT    NOT NULL,
    granted_at  BIGINT  NOT NULL,
    pending_bytes BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope_id, chunk_hash)
) WITHOUT ROWID;
CREATE INDEX chunk_grants_by_time ON chunk_grants(granted_at);
CREATE INDEX chunk_grants_pending ON chunk_grants(scope_id, granted_at) WHERE pending_bytes > 0;
