/** The site manifest. */
export const SITES_SQL: string = `
-- One instrumented function, from the build's site manifest; calls refer to it by site_id.
CREATE TABLE IF NOT EXISTS sites (
  -- Stable id hashed from key; the site id in records.
  site_id INTEGER PRIMARY KEY,
  -- 'file#qualifiedName#ordinal', the input of the id.
  key VARCHAR NOT NULL,
  -- 'function', 'arrow', 'method', 'getter', 'setter', 'constructor', 'static-block' (a class static block) 'field-init' (a class field initialiser that runs code) or 'state' (an assignment to a property of this, recorded as a state change; named Owner.key).
  kind VARCHAR NOT NULL,
  -- Name as in a stack frame: 'TodoStore.add', 'render.<anonymous>', '<arrow@12:8>'.
  name VARCHAR NOT NULL,
  -- Source path relative to the project root, '/'-separated.
  file VARCHAR NOT NULL,
  -- 1-based line of the function in the original source.
  line INTEGER NOT NULL,
  -- 1-based column of the function in the original source.
  col INTEGER NOT NULL,
  -- Whether the function is async (its calls suspend at await).
  is_async BOOLEAN NOT NULL,
  -- Whether the function is a generator (its calls suspend at yield).
  is_generator BOOLEAN NOT NULL,
  -- Hash of the module version whose manifest wrote this row last.
  module_hash VARCHAR NOT NULL
);
`
