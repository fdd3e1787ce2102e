import { qualify } from '../ast/names.js';
import { adoptPlaceholder } from './apply-table.js';
import { newTable, target } from './store.js';
import type { SchemaModel, SqlStatement, Table } from './types.js';

/**
 * SQL the engine could not read (an Alembic operation it does not translate, DDL the parser
 * rejects). Its tables stay in the model, marked as not fully known: a table it creates exists
 * from here on (so a later index on it is on a new table, not an existing one), and no rule may
 * conclude that an index, a column or a policy of these tables is missing.
 */
export function applyUntranslated(model: SchemaModel, stmt: SqlStatement): void {
  const effect = stmt.unknown;
  if (!effect) return;
  effect.tables.forEach((ref, i) => {
    const name = qualify(ref.schema ?? stmt.defaultSchema, ref.name);
    const live = model.tables.get(name.key);
    let table: Table | undefined = live && !live.dropped ? live : undefined;
    const createdHere = table?.created?.source === stmt.source;
    if (effect.creates && i === 0 && !createdHere) {
      const created = newTable({ model, name, kind: 'table', created: stmt });
      if (table?.kind === 'external') adoptPlaceholder(created, table);
      table = created;
    }
    table ??= newTable({ model, name, kind: 'external' });
    table.unknownBy.push(stmt);
    if (i === 0) target(model, stmt, table);
  });
}
