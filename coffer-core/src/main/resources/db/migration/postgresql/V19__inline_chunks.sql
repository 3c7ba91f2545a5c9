-- Small chunks kept in their row (PostgreSQL). Keep in step with sqlite/V19__inline_chunks.sql,
-- which says what the column holds.
ALTER TABLE chunks ADD COLUMN inline_data BYTEA;
