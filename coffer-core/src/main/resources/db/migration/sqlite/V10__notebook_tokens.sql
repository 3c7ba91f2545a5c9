-- Notebook tokens: made by a member for one notebook (what a mount inside the notebook uses).
-- They act for that member but reach only the notebook's own /notebooks, the team's storage on
-- the notebook's cluster and datasets. Only the SHA-256 is kept; deleting the notebook or the
-- user ends them.
CREATE TABLE notebook_tokens (
    id          INTEGER PRIMARY KEY,
    notebook_id BIGINT  NOT NULL REFERENCES notebooks(id) ON DELETE CASCADE,
    user_id     BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX notebook_tokens_by_notebook ON notebook_tokens(notebook_id);
