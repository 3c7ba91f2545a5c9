-- Datasets and their versions (SQLite). Keep in step with postgresql/V6__datasets.sql: same
-- tables, columns and constraints; only types differ. See docs/design/dataset-versions.md.

-- team_id NULL: a public dataset (readable by every team, written by operators). No cascade from
-- teams: a dataset's trees are reference-counted, so it must be deleted through Datasets.delete.
CREATE TABLE datasets (
    id           INTEGER PRIMARY KEY,
    team_id      BIGINT  REFERENCES teams(id),
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    created_by   BIGINT  REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    next_number  BIGINT  NOT NULL DEFAULT 1,
    commits      BIGINT  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX datasets_team_name ON datasets(team_id, name) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX datasets_public_name ON datasets(name) WHERE team_id IS NULL;

-- Immutable, content-addressed tree nodes. A folder is one node or, when wide, a small tree of
-- nodes (level > 0 nodes hold 'p' entries pointing at nodes one level down). refs counts the
-- versions rooted here, the tree entries and the draft rows pointing here; at 0 the node goes.
CREATE TABLE dataset_trees (
    hash         TEXT    PRIMARY KEY,
    level        INTEGER NOT NULL,
    entry_count  INTEGER NOT NULL,
    file_count   BIGINT  NOT NULL,
    total_size   BIGINT  NOT NULL,
    refs         BIGINT  NOT NULL
);

-- kind: 'f' file (content_id), 'd' folder (child_tree = the folder's root node), 'p' part of a
-- wide folder (child_tree = a node one level down, name = its first name). size and files are
-- the bytes and files below the entry. Names compare by their UTF-8 bytes (BINARY collation).
CREATE TABLE dataset_tree_entries (
    tree_hash   TEXT    NOT NULL REFERENCES dataset_trees(hash) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    content_id  BIGINT  REFERENCES contents(id),
    child_tree  TEXT    REFERENCES dataset_trees(hash),
    size        BIGINT  NOT NULL,
    files       BIGINT  NOT NULL,
    mtime       BIGINT  NOT NULL,
    PRIMARY KEY (tree_hash, name)
);
CREATE INDEX dataset_tree_entries_by_content ON dataset_tree_entries(content_id);
CREATE INDEX dataset_tree_entries_by_child ON dataset_tree_entries(child_tree);

-- state: 'draft' or 'committed'. root_tree: a committed version's root; for a draft, the root of
-- the parent it overlays (the empty tree for none). number counts per dataset and is never reused.
CREATE TABLE dataset_versions (
    id             INTEGER PRIMARY KEY,
    dataset_id     BIGINT  NOT NULL REFERENCES datasets(id),
    number         BIGINT  NOT NULL,
    state          TEXT    NOT NULL,
    parent_number  BIGINT,
    root_tree      TEXT    NOT NULL REFERENCES dataset_trees(hash),
    file_count     BIGINT,
    total_size     BIGINT,
    new_bytes      BIGINT,
    message        TEXT    NOT NULL DEFAULT '',
    created_by     BIGINT  REFERENCES users(id) ON DELETE SET NULL,
    created_at     BIGINT  NOT NULL,
    committed_at   BIGINT,
    commit_seq     BIGINT,
    UNIQUE (dataset_id, number)
);
CREATE INDEX dataset_versions_by_root ON dataset_versions(root_tree);
CREATE INDEX dataset_versions_by_commit ON dataset_versions(dataset_id, commit_seq);

CREATE TABLE dataset_tags (
    dataset_id  BIGINT  NOT NULL REFERENCES datasets(id),
    name        TEXT    NOT NULL,
    version_id  BIGINT  NOT NULL REFERENCES dataset_versions(id),
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (dataset_id, name)
);
CREATE INDEX dataset_tags_by_version ON dataset_tags(version_id);

-- A draft's changes over its root_tree, one row per changed path (parent folder path without
-- leading slash, '' for the top; name). kind: 'f' a file (content_id), 't' a folder whose
-- contents start as tree tree_hash (an empty tree for a new folder), 'x' deleted.
CREATE TABLE dataset_draft_changes (
    version_id  BIGINT  NOT NULL REFERENCES dataset_versions(id),
    parent      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    content_id  BIGINT  REFERENCES contents(id),
    tree_hash   TEXT    REFERENCES dataset_trees(hash),
    size        BIGINT  NOT NULL,
    mtime       BIGINT  NOT NULL,
    PRIMARY KEY (version_id, parent, name)
);
CREATE INDEX dataset_draft_changes_by_content ON dataset_draft_changes(content_id);
CREATE INDEX dataset_draft_changes_by_tree ON dataset_draft_changes(tree_hash);

-- One row that transactions changing tree reference counts update first, so that on PostgreSQL
-- a node is never deleted by one transaction while another starts to share it.
CREATE TABLE dataset_tree_lock (
    id  INTEGER PRIMARY KEY,
    n   BIGINT  NOT NULL
);
INSERT INTO dataset_tree_lock (id, n) VALUES (1, 0);
