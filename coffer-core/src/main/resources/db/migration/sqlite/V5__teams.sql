-- Teams and roles. A Private Workspace is the team of one user (personal_user_id): it never has
-- another member, and it goes with its user.
ALTER TABLE teams ADD COLUMN personal_user_id BIGINT REFERENCES users(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX teams_personal ON teams(personal_user_id) WHERE personal_user_id IS NOT NULL;
-- Roles are read on every access decision.
CREATE INDEX team_members_by_user ON team_members(user_id);
