-- Team secrets and the audit log (SQLite). Keep in step with postgresql/V4__secrets_audit.sql.

-- A secret's value is stored only as AES-GCM ciphertext (see dev.coffer.secret.SecretCipher):
-- nonce = the 96-bit nonce of this value, ciphertext = encrypted value + 128-bit tag,
-- key_id = which server key sealed it (a fingerprint, never the key).
CREATE TABLE secrets (
    team_id     BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    nonce       BLOB    NOT NULL,
    ciphertext  BLOB    NOT NULL,
    key_id      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (team_id, name)
);

-- Every change and every denied access. team_id has no foreign key: the history of a team
-- outlives the team. actor_kind: 'user' or 'anonymous' (no valid token).
CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    at           BIGINT  NOT NULL,
    actor_kind   TEXT    NOT NULL,
    actor_id     BIGINT,
    actor_name   TEXT,
    team_id      BIGINT,
    action       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    remote_addr  TEXT,
    detail       TEXT
);
-- Listings page newest first by id; these serve the team and actor filters.
CREATE INDEX audit_events_team ON audit_events(team_id, id);
CREATE INDEX audit_events_actor ON audit_events(actor_name, id);
CREATE INDEX audit_events_at ON audit_events(at);
