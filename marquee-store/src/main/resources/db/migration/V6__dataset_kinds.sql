-- Datasets of other kinds than tables: user-item interactions (stored as canonical TSV) and item catalogues.
-- `kind` is the wire name of DatasetKind; `interactions` is the JSON of what an interaction dataset holds (counts,
-- columns, source format), NULL for other kinds. Existing rows are tables.
ALTER TABLE datasets ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'table';
ALTER TABLE datasets ADD COLUMN interactions TEXT;
