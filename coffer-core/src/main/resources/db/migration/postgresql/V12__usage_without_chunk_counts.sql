-- A team's usage no longer keeps a count per chunk. Whether a chunk is the team's is answered
-- from what it already keeps, its contents (team_contents) and their chunks (content_chunks):
-- a chunk of a content entering the team adds its size only if no content the team holds has
-- it, and leaves only when none is left that has it. The per-chunk rows cost one random-key
-- insert per new chunk inside every change that adds files; the question costs index reads.
DROP TABLE team_chunks;
