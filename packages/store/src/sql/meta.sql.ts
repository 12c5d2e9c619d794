/** The `meta` table: read first at open to check the file's schema version. */
export const META_SQL: string = `
-- Facts about the trace file itself, one row per key.
CREATE TABLE IF NOT EXISTS meta (
  -- Name of the fact: 'schema_version', 'created_by', or 'schema_hash' (a digest of the statements that made the views, macros and comments, which are made again when it changes).
  key VARCHAR PRIMARY KEY,
  -- Its value, as text.
  value VARCHAR NOT NULL
);
`
