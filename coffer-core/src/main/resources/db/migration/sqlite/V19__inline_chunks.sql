-- Small chunks kept in their row (SQLite). Keep in step with postgresql/V19__inline_chunks.sql.
-- inline_data holds the chunk as stored (the 3-byte header, then the payload), for chunks of a
-- few KiB stored one at a time: a new small file is then one database commit instead of a blob
-- file, its sync, a rename and a sync of its folder. Rows with inline_data have no blob and no
-- pack; every other row is as before.
ALTER TABLE chunks ADD COLUMN inline_data BLOB;
