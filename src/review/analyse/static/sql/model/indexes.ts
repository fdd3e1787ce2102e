import { as, stringsOf } from '../ast/node.js';
import type { Index, SchemaModel, Table } from './types.js';

/** The live indexes of a table, including those behind PRIMARY KEY and UNIQUE constraints. */
export function indexesOf(model: SchemaModel, table: Table): Index[] {
  return [...model.indexes.values()].filter((i) => i.table === table);
}

/**
 * True when an index can serve lookups on `columns`: its leading key columns are exactly those
 * columns, in any order. A partial index counts only when its predicate is `col IS NOT NULL`,
 * which an equality lookup implies.
 */
export function isCoveredBy(index: Index, columns: readonly string[]): boolean {
  if (index.columns.length < columns.length) return false;
  const leading = new Set(index.columns.slice(0, columns.length));
  if (!columns.every((c) => leading.has(c))) return false;
  if (!index.predicate) return true;
  const test = as(index.predicate, 'NullTest');
  const fields = stringsOf(as(test?.arg, 'ColumnRef')?.fields);
  return test?.nulltesttype === 'IS_NOT_NULL' && columns.includes(fields[fields.length - 1] ?? '');
}

/** True when an index serves `columns`, or may: an untranslated operation on the table may have made one. */
export function hasIndexLeadingWith(model: SchemaModel, table: Table, columns: readonly string[]): boolean {
  return table.unknownBy.length > 0 || indexesOf(model, table).some((i) => isCoveredBy(i, columns));
}
