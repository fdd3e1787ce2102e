import type { Constraint } from 'libpg-query';
import { qualify, relationName } from '../ast/names.js';
import { stringsOf } from '../ast/node.js';
import { freeRelationName } from './store.js';
import type { SchemaModel, SqlStatement, Table } from './types.js';

export interface ConstraintSite {
  model: SchemaModel;
  table: Table;
  stmt: SqlStatement;
  /** Set for a column constraint (`user_id uuid references ...`): the column it belongs to. */
  column?: string;
  /** Byte offset of the column definition or constraint, for findings that point at it. */
  offset: number;
}

/** Applies a PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint to the model. */
export function applyConstraint(site: ConstraintSite, c: Constraint): void {
  const { table, column } = site;
  switch (c.contype) {
    case 'CONSTR_NOTNULL': {
      const col = column ? table.columns.get(column) : undefined;
      if (col) col.notNull = true;
      return;
    }
    case 'CONSTR_DEFAULT': {
      const col = column ? table.columns.get(column) : undefined;
      if (col) col.hasDefault = true;
      return;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      addKeyIndex(site, c);
      return;
    case 'CONSTR_FOREIGN':
      addForeignKey(site, c);
      return;
    case 'CONSTR_CHECK':
      table.checks.push({ name: c.conname, expr: c.raw_expr, valid: !c.skip_validation });
      return;
    default:
      return;
  }
}

function addKeyIndex(site: ConstraintSite, c: Constraint): void {
  const { model, table, stmt, column } = site;
  // `add constraint users_pkey primary key using index users_pkey`: the constraint takes over an existing unique
  // index (PostgreSQL renames it to the constraint's name), whose columns it keeps.
  const adoptedKey = c.indexname ? qualify(table.name.schema, c.indexname).key : '';
  const adopted = model.indexes.get(adoptedKey);
  if (adopted) model.indexes.delete(adoptedKey);
  const columns: (string | null)[] = column ? [column] : adopted && !c.keys?.length ? adopted.columns : stringsOf(c.keys);
  if (c.contype === 'CONSTR_PRIMARY') {
    for (const name of columns) {
      const col = name === null ? undefined : table.columns.get(name);
      if (col) col.notNull = true;
    }
  }
  const suffix = c.contype === 'CONSTR_PRIMARY' ? 'pkey' : `${columns.join('_')}_key`;
  const given = c.conname ?? c.indexname;
  const name = given ? qualify(table.name.schema, given) : freeRelationName(model, table.name.schema, `${table.name.name}_${suffix}`);
  model.indexes.set(name.key, { name, table, columns, unique: true, predicate: undefined, stmt });
}

function addForeignKey(site: ConstraintSite, c: Constraint): void {
  const { table, stmt, column, offset } = site;
  const columns = column ? [column] : stringsOf(c.fk_attrs);
  const ref = relationName(c.pktable, stmt.defaultSchema);
  if (!ref || columns.length === 0) return;
  table.foreignKeys.push({ columns, references: ref.key, referencedColumns: stringsOf(c.pk_attrs), stmt, offset, name: c.conname });
}
