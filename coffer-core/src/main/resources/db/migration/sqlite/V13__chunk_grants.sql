-- Possession of chunks is per team: a manifest may name a chunk only if the team holds it
-- already (a content of its files, versions or drafts has it) or sent its bytes within the GC
-- grace period. This table records the second case: which scope sent which chunk, and when.
-- scope_id is a team id, or 0 for public datasets (written by operators); no foreign key, the
-- rows expire after the grace period and GC removes them. See docs/design/possession.md.
CREATE TABLE chunk_grants (
    scope_id    BIGINT  NOT NULL,
    chunk_hash  TEXT    NOT NULL,
    granted_at  BIGINT  NOT NULL,
    PRIMARY KEY (scope_id, chunk_hash)
) WITHOUT ROWID;
CREATE INDEX chunk_grants_by_time ON chunk_grants(granted_at);
