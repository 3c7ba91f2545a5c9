-- Foundation schema (SQLite). Keep in step with postgresql/V1__foundation.sql: same tables,
-- columns and constraints; only types differ. Times are epoch milliseconds.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    is_admin    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE team_members (
    team_id     BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id     BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE clusters (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE notebooks (
    id          INTEGER PRIMARY KEY,
    team_id     BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    cluster_id  BIGINT  NOT NULL REFERENCES clusters(id),
    name        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (team_id, name)
);

-- A volume is the unit of naming, access and accounting.
-- kind: 'storage' (team_id + cluster_id) or 'notebook' (notebook_id).
CREATE TABLE volumes (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,
    team_id       BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    cluster_id    BIGINT  REFERENCES clusters(id),
    notebook_id   BIGINT  REFERENCES notebooks(id) ON DELETE CASCADE,
    created_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX volumes_storage ON volumes(team_id, cluster_id) WHERE kind = 'storage';
CREATE UNIQUE INDEX volumes_notebook ON volumes(notebook_id) WHERE kind = 'notebook';

-- Chunks known to be durable in the content store, named by the SHA-256 of their plain bytes.
-- pack/pack_offset are set when the chunk lives inside a pack blob instead of its own blob.
CREATE TABLE chunks (
    hash         TEXT    PRIMARY KEY,
    size         INTEGER NOT NULL,
    stored_size  INTEGER NOT NULL,
    pack         TEXT,
    pack_offset  BIGINT,
    created_at   BIGINT  NOT NULL,
    touched_at   BIGINT  NOT NULL
);
CREATE INDEX chunks_touched ON chunks(touched_at);

-- A file's content: its ordered chunk list (manifest). Identical files share one row.
-- digest = SHA-256 over the binary hashes of its chunks in order (see docs/design/content-store.md).
CREATE TABLE contents (
    id           INTEGER PRIMARY KEY,
    digest       TEXT    NOT NULL UNIQUE,
    size         BIGINT  NOT NULL,
    chunk_count  INTEGER NOT NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE content_chunks (
    content_id    BIGINT  NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    start_offset  BIGINT  NOT NULL,
    chunk_hash    TEXT    NOT NULL REFERENCES chunks(hash),
    PRIMARY KEY (content_id, seq)
);
CREATE INDEX content_chunks_by_chunk ON content_chunks(chunk_hash);

-- The tree of a mutable volume: one row per file or folder. kind: 'd' folder, 'f' file.
-- Names compare by their UTF-8 bytes (SQLite's default BINARY collation), as on PostgreSQL with "C".
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    volume_id   BIGINT  NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    parent_id   BIGINT  REFERENCES entries(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    content_id  BIGINT  REFERENCES contents(id),
    size        BIGINT  NOT NULL,
    mtime       BIGINT  NOT NULL,
    UNIQUE (parent_id, name)
);
CREATE UNIQUE INDEX entries_root ON entries(volume_id) WHERE parent_id IS NULL;
CREATE INDEX entries_by_content ON entries(content_id);
