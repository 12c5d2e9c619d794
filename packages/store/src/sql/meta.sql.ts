/** The `meta` table: read first at open to check the file's schema version. */
export const META_SQL: string = `
-- Facts about the trace file itself, one row per key.
CREATE TABLE IF NOT EXISTS meta (
  -- Name of the fact: 'schema_version' or 'created_by'.
  key VARCHAR PRIMARY KEY,
  -- Its value, as text.
  value VARCHAR NOT NULL
);
`
