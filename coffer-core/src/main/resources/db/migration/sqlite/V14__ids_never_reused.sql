-- Ids of teams, users and notebooks are never used twice (SQLite). Without AUTOINCREMENT, SQLite
-- gives a new row the largest id + 1, so a team made right after the newest one was deleted got
-- that team's id, and with it whatever still named the id outside foreign keys: audit rows, usage
-- events, bills. AUTOINCREMENT keeps the largest id ever used (in sqlite_sequence) and goes past
-- it. PostgreSQL's identity columns never reuse ids; its V14 changes nothing.
--
-- SQLite cannot add AUTOINCREMENT to a table, so each table is rebuilt the documented way
-- (https://www.sqlite.org/lang_altertable.html#otheralter): new table, copy, drop, rename. With
-- foreign keys enforced, the DROP would first delete every row, cascading into members,
-- volumes, files..., and the rename would point the children's REFERENCES at the dropped name.
-- So foreign keys are off for the rebuild, which is why this migration runs outside Flyway's
-- transaction (V14__ids_never_reused.sql.conf) and opens its own (a savepoint: Flyway reads a
-- bare BEGIN as the start of a block): the rebuild is all or nothing.
-- Ids are copied as they are, so every reference stays valid (the migration test runs
-- foreign_key_check on an upgraded database with rows in the child tables).
PRAGMA foreign_keys = OFF;
SAVEPOINT ids_never_reused;

CREATE TABLE users_v14 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    is_admin    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    password_hash TEXT
);
INSERT INTO users_v14 (id, name, is_admin, created_at, password_hash)
    SELECT id, name, is_admin, created_at, password_hash FROM users;
DROP TABLE users;
ALTER TABLE users_v14 RENAME TO users;

CREATE TABLE teams_v14 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    personal_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE
);
INSERT INTO teams_v14 (id, name, created_at, personal_user_id)
    SELECT id, name, created_at, personal_user_id FROM teams;
DROP TABLE teams;
ALTER TABLE teams_v14 RENAME TO teams;
CREATE UNIQUE INDEX teams_personal ON teams(personal_user_id) WHERE personal_user_id IS NOT NULL;

CREATE TABLE notebooks_v14 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id     BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    cluster_id  BIGINT  NOT NULL REFERENCES clusters(id),
    name        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (team_id, name)
);
INSERT INTO notebooks_v14 (id, team_id, cluster_id, name, state, created_at)
    SELECT id, team_id, cluster_id, name, state, created_at FROM notebooks;
DROP TABLE notebooks;
ALTER TABLE notebooks_v14 RENAME TO notebooks;

RELEASE ids_never_reused;
PRAGMA foreign_keys = ON;
