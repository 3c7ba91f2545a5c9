-- Teams and roles: roles are read on every access decision, by user.
CREATE INDEX team_members_by_user ON team_members(user_id);
