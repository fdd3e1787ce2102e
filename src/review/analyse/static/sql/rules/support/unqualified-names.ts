/** Keywords and set-returning built-ins that may follow FROM / JOIN without being a table. */
const NOT_A_TABLE = /^(select|lateral|only|unnest|generate_series|jsonb?_\w+|json_\w+|regexp_\w+|string_to_table|rows|new|old|now|current_\w+|epoch|each)$/i;

/**
 * Tables and project functions the body names without a schema: what a caller's search_path could
 * swap for their own. Comments and string literals are left out; the tables follow FROM, JOIN,
 * UPDATE, INSERT INTO or DELETE FROM, the functions are the ones the migrations define.
 */
export function unqualifiedNames(body: string, definedFunctions: ReadonlySet<string>): string[] {
  const text = body.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(from|join|update|insert\s+into|delete\s+from)\s+("?[A-Za-z_][\w$]*"?)(\s*\.)?/gi)) {
    const name = m[2].replace(/"/g, '');
    if (!m[3] && !NOT_A_TABLE.test(name)) out.add(name);
  }
  for (const m of text.matchAll(/(^|[^.\w"$])("?[A-Za-z_][\w$]*"?)\s*\(/g)) {
    const name = m[2].replace(/"/g, '');
    if (definedFunctions.has(name)) out.add(`${name}()`);
  }
  return [...out];
}
