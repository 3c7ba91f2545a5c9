-- A team's references to dataset folder nodes (its versions' roots, its drafts' grafted folders
-- and the sub-nodes of nodes it holds), so shared nodes count once for the team's usage.
CREATE TABLE team_tree_refs (
    team_id    BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    tree_hash  TEXT   NOT NULL,
    refs       BIGINT NOT NULL,
    PRIMARY KEY (team_id, tree_hash)
);
