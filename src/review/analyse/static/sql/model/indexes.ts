import type { Index, SchemaModel, Table } from './types.js';
import { conjuncts, unwrapScalar } from '../ast/identity.js';
import { as, stringsOf, type PgNode } from '../ast/node.js';

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

/**
 * True when an index leading with `column` serves lookups that always filter on `filtered` (the searched key
 * and the columns every lookup by it compares), or may (see hasIndexLeadingWith). Stricter than a leading
 * column on a partial index: its predicate must hold for the rows those lookups find. Each of its conjuncts is
 * `col is not null` on a column they compare (an equality finds no NULL), or `deleted_at is null`-style
 * soft-delete filtering, which the application applies to every read anyway. Any other predicate
 * (`status = 'active'`, `is_default`) may leave out the rows they look for.
 */
export function hasIndexServing(model: SchemaModel, table: Table, column: string, filtered: readonly string[]): boolean {
  if (table.unknownBy.length) return true;
  return indexesOf(model, table).some((i) => isCoveredBy(i, [column]) && (!i.predicate || conjuncts(i.predicate).every((c) => heldBy(c, filtered))));
}

function heldBy(conjunct: PgNode, filtered: readonly string[]): boolean {
  const test = as(unwrapScalar(conjunct), 'NullTest');
  const fields = stringsOf(as(test?.arg, 'ColumnRef')?.fields);
  const col = fields[fields.length - 1];
  if (!test || !col) return false;
  return test.nulltesttype === 'IS_NOT_NULL' ? filtered.includes(col) : SOFT_DELETE.test(col);
}

/** A soft-delete timestamp: rows with one set are gone for the application. */
const SOFT_DELETE = /^(deleted|archived|removed|trashed|discarded)_(at|on)$/;
