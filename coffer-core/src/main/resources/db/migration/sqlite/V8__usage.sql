-- Deduplication-aware usage per team, kept in the same transaction as every change.
-- team_contents: how many of the team's files (and dataset entries) use a content.
-- team_chunks: how many of the team's distinct contents use a chunk; a chunk counts once.
-- team_usage: the sum of the plain sizes of the team's chunks, and the row that serialises a
-- team's writers (each change locks it first), so racing writers cannot pass a quota.
CREATE TABLE team_usage (
    team_id     BIGINT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    bytes       BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE TABLE team_contents (
    team_id     BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    content_id  BIGINT NOT NULL,
    refs        BIGINT NOT NULL,
    PRIMARY KEY (team_id, content_id)
);
CREATE TABLE team_chunks (
    team_id     BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    chunk_hash  TEXT   NOT NULL,
    refs        BIGINT NOT NULL,
    PRIMARY KEY (team_id, chunk_hash)
);
