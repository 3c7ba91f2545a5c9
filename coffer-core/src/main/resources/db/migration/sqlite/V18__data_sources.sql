-- External data sources (SQLite): a team's S3-compatible buckets. Keep in step with
-- postgresql/V18__data_sources.sql.
-- The secret access key is never stored here: secret_name names a team secret (secrets table),
-- read on the server only when the bucket is used. Exactly one of region (AWS) and endpoint
-- (any other S3-compatible host) is set. prefix is '' for the whole bucket, else a path
-- without leading or trailing '/'. path_style: 1 when requests name the bucket in the path
-- (most S3-compatible servers) instead of the host name (AWS's default).
CREATE TABLE data_sources (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id        BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    bucket         TEXT    NOT NULL,
    prefix         TEXT    NOT NULL,
    access_key_id  TEXT    NOT NULL,
    secret_name    TEXT    NOT NULL,
    region         TEXT,
    endpoint       TEXT,
    path_style     BOOLEAN NOT NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    UNIQUE (team_id, name)
);
