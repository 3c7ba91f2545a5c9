-- Identity (SQLite). Keep in step with postgresql/V3__identity.sql: same tables, columns and
-- constraints; only types differ. Times are epoch milliseconds. See docs/design/identity.md.

-- A local account's password as an Argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash);
-- NULL: the account signs in with API tokens only (the first-start admin without a password).
ALTER TABLE users ADD COLUMN password_hash TEXT;

-- A Private Workspace is a team of one, owned by the user it is named after ('~NAME').
ALTER TABLE teams ADD COLUMN personal_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX teams_personal ON teams(personal_user_id) WHERE personal_user_id IS NOT NULL;

-- Every existing user gets their Private Workspace.
INSERT INTO teams (name, created_at, personal_user_id) SELECT '~' || name, created_at, id FROM users;
INSERT INTO team_members (team_id, user_id, role) SELECT id, personal_user_id, 'owner' FROM teams WHERE personal_user_id IS NOT NULL;

-- API tokens are personal (kind 'user': user_id set) or belong to a notebook platform on one
-- cluster (kind 'platform': cluster_id set, no user). SQLite cannot drop NOT NULL from a column,
-- so the table is rebuilt; nothing refers to it.
CREATE TABLE api_tokens_v3 (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL DEFAULT 'user',
    user_id       BIGINT  REFERENCES users(id) ON DELETE CASCADE,
    cluster_id    BIGINT  REFERENCES clusters(id) ON DELETE CASCADE,
    created_by    BIGINT  REFERENCES users(id) ON DELETE SET NULL,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT,
    CHECK ((kind = 'user' AND user_id IS NOT NULL AND cluster_id IS NULL)
        OR (kind = 'platform' AND user_id IS NULL AND cluster_id IS NOT NULL))
);
INSERT INTO api_tokens_v3 (id, kind, user_id, name, token_hash, created_at, expires_at, revoked_at)
    SELECT id, 'user', user_id, name, token_hash, created_at, expires_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_v3 RENAME TO api_tokens;
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
CREATE INDEX api_tokens_by_cluster ON api_tokens(cluster_id);

-- Web sessions: the cookie value is 256 random bits; only its SHA-256 is kept. A session ends
-- when idle for too long (last_seen_at) or at expires_at, whichever comes first.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Failed sign-ins per name as typed (known or not, so names are not revealed). Kept in the
-- database because several servers may answer for one name.
CREATE TABLE login_failures (
    name              TEXT    PRIMARY KEY,
    failures          INTEGER NOT NULL,
    first_failure_at  BIGINT  NOT NULL,
    locked_until      BIGINT
);
CREATE INDEX login_failures_by_time ON login_failures(first_failure_at);
