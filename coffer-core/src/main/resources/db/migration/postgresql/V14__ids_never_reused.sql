-- Ids of teams, users and notebooks are never used twice. On SQLite this needs AUTOINCREMENT
-- (see sqlite/V14__ids_never_reused.sql); PostgreSQL's identity and serial columns take ids
-- from a sequence that never goes back, so nothing changes here. The version exists so both
-- databases carry the same migration numbers.
SELECT 1;
