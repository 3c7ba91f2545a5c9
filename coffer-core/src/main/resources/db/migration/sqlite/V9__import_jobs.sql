-- Background imports from URLs. A job is claimed by one server (owner + heartbeat); a job whose
-- heartbeat goes stale (its server died) is queued again and resumes from its checkpoint.
CREATE TABLE import_jobs (
    id             INTEGER PRIMARY KEY,
    team_id        BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    created_by     BIGINT  NOT NULL,
    url            TEXT    NOT NULL,
    target_kind    TEXT    NOT NULL,
    target_id      BIGINT  NOT NULL,
    target_path    TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    bytes_done     BIGINT  NOT NULL DEFAULT 0,
    bytes_total    BIGINT,
    validator      TEXT,
    error          TEXT,
    result_digest  TEXT,
    owner          TEXT,
    created_at     BIGINT  NOT NULL,
    started_at     BIGINT,
    heartbeat_at   BIGINT,
    finished_at    BIGINT
);
CREATE INDEX import_jobs_by_state ON import_jobs(state, heartbeat_at);
CREATE INDEX import_jobs_by_team ON import_jobs(team_id, id);

-- The chunks an import has stored so far, in order: its checkpoint. GC keeps them.
CREATE TABLE import_job_chunks (
    job_id      BIGINT  NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    chunk_hash  TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX import_job_chunks_by_chunk ON import_job_chunks(chunk_hash);
