import type { ColumnDef, CreateStmt, CreateTableAsStmt, IndexStmt } from 'libpg-query';
import { qualify, relationName, typeInfo } from '../ast/names.js';
import { as } from '../ast/node.js';
import { applyConstraint } from './apply-constraint.js';
import { freeRelationName, newTable, tableFor, target } from './store.js';
import type { SchemaModel, SqlStatement, Table, TableKind } from './types.js';

/** CREATE TABLE, or with `kind` 'foreign' the table part of CREATE FOREIGN TABLE. */
export function applyCreateTable(model: SchemaModel, stmt: SqlStatement, body: CreateStmt, kind?: TableKind): void {
  const name = relationName(body.relation, stmt.defaultSchema);
  if (!name) return;
  const existing = model.tables.get(name.key);
  if (existing && !existing.dropped && existing.kind !== 'external' && body.if_not_exists) {
    target(model, stmt, existing);
    return;
  }
  const table = target(model, stmt, newTable({ model, name, kind: kind ?? tableKind(body), created: stmt }));
  if (existing?.kind === 'external') adoptPlaceholder(table, existing);
  for (const elt of body.tableElts ?? []) {
    const col = as(elt, 'ColumnDef');
    if (col) {
      addColumn({ model, table, stmt }, col);
      continue;
    }
    const c = as(elt, 'Constraint');
    if (c) applyConstraint({ model, table, stmt, offset: c.location ?? stmt.start }, c);
  }
}

/** A table first seen through ALTER TABLE or a policy, then created: keep what was recorded. */
export function adoptPlaceholder(table: Table, placeholder: Table): void {
  table.unknownBy = [...placeholder.unknownBy];
  table.rls = placeholder.rls;
  table.rlsChangedBy = placeholder.rlsChangedBy;
  table.updateTriggers = placeholder.updateTriggers;
  for (const [k, p] of placeholder.policies) table.policies.set(k, { ...p, table });
  table.formerPolicies = placeholder.formerPolicies.map((f) => ({ ...f, policy: { ...f.policy, table } }));
}

function tableKind(body: CreateStmt): TableKind {
  if (body.relation?.relpersistence === 't') return 'temporary';
  if (body.partbound) return 'partition';
  if (body.partspec) return 'partitioned';
  return 'table';
}

export function addColumn(site: { model: SchemaModel; table: Table; stmt: SqlStatement }, col: ColumnDef): void {
  if (!col.colname) return;
  const { table } = site;
  table.columns.set(col.colname, { name: col.colname, type: typeInfo(col.typeName), notNull: false, hasDefault: false });
  for (const node of col.constraints ?? []) {
    const c = as(node, 'Constraint');
    if (c) applyConstraint({ ...site, column: col.colname, offset: col.location ?? site.stmt.start }, c);
  }
}

/** CREATE TABLE ... AS: a table whose columns come from a query (not modelled). */
export function applyCreateTableAs(model: SchemaModel, stmt: SqlStatement, body: CreateTableAsStmt): void {
  const name = relationName(body.into?.rel, stmt.defaultSchema);
  if (!name) return;
  const kind: TableKind = body.into?.rel?.relpersistence === 't' ? 'temporary' : 'table';
  target(model, stmt, newTable({ model, name, kind, created: stmt }));
}

export function applyCreateIndex(model: SchemaModel, stmt: SqlStatement, body: IndexStmt): void {
  const tableName = relationName(body.relation, stmt.defaultSchema);
  if (!tableName) return;
  const table = target(model, stmt, tableFor(model, tableName));
  const columns = (body.indexParams ?? []).map((p) => as(p, 'IndexElem')?.name ?? null);
  const name = body.idxname
    ? qualify(tableName.schema, body.idxname)
    : freeRelationName(model, tableName.schema, `${tableName.name}_${columns.map((c) => c ?? 'expr').join('_')}_idx`);
  if (body.if_not_exists && model.indexes.has(name.key)) return;
  model.indexes.set(name.key, { name, table, columns, unique: !!body.unique, predicate: body.whereClause, stmt });
}
