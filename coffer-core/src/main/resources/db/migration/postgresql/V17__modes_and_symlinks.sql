-- Faithful trees: the permission bits of files and folders (0: not known, shown as the defaults),
-- and symbolic links (kind 'l') with their target kept as text, never followed.
ALTER TABLE entries ADD COLUMN mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN target TEXT;
ALTER TABLE dataset_tree_entries ADD COLUMN mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dataset_tree_entries ADD COLUMN target TEXT;
ALTER TABLE dataset_draft_changes ADD COLUMN mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dataset_draft_changes ADD COLUMN target TEXT;
