import type { Index, SchemaModel, Table } from './types.js';

/** The live indexes of a table, including those behind PRIMARY KEY and UNIQUE constraints. */
export function indexesOf(model: SchemaModel, table: Table): Index[] {
  return [...model.indexes.values()].filter((i) => i.table === table);
}

/**
 * True when an index can serve lookups on `columns`: its leading key columns are exactly those
 * columns, in any order. A partial index counts too (as PostgreSQL's catalog and Supabase's
 * advisor count it): the queries it was made for carry its predicate (`where deleted_at is null`);
 * only the check on a hard delete of the parent, which soft-deleting schemas avoid, cannot use it.
 */
export function isCoveredBy(index: Index, columns: readonly string[]): boolean {
  if (index.columns.length < columns.length) return false;
  const leading = new Set(index.columns.slice(0, columns.length));
  return columns.every((c) => leading.has(c));
}

/** True when an index serves `columns`, or may: an untranslated operation on the table may have made one. */
export function hasIndexLeadingWith(model: SchemaModel, table: Table, columns: readonly string[]): boolean {
  return table.unknownBy.length > 0 || indexesOf(model, table).some((i) => isCoveredBy(i, columns));
}
