import type { AlterObjectSchemaStmt, RenameStmt } from 'libpg-query';
import { qualify, relationName, type QualifiedName } from '../ast/names.js';
import { as } from '../ast/node.js';
import { functionsNamed } from './apply-function.js';
import { functionKey } from './store.js';
import type { SchemaModel, SqlStatement, Table, View } from './types.js';

const RELATION_TYPES = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

export function applyRename(model: SchemaModel, stmt: SqlStatement, body: RenameStmt): void {
  const type = body.renameType ?? '';
  const newName = body.newname;
  if (!newName) return;
  const name = relationName(body.relation, stmt.defaultSchema);
  if (RELATION_TYPES.has(type) && name) moveRelation(model, name, qualify(name.schema, newName));
  else if (type === 'OBJECT_COLUMN' && name && body.subname) renameColumn({ model, table: model.tables.get(name.key), from: body.subname, to: newName });
  else if (type === 'OBJECT_POLICY' && name && body.subname) renamePolicy(model.tables.get(name.key), body.subname, newName);
  else if (type === 'OBJECT_INDEX' && name) renameIndex(model, name, newName);
  else if (type === 'OBJECT_FUNCTION' || type === 'OBJECT_PROCEDURE') {
    for (const f of functionsNamed(model, stmt, as(body.object, 'ObjectWithArgs'))) moveFunction(model, f.name, qualify(f.name.schema, newName));
  }
}

export function applySetSchema(model: SchemaModel, stmt: SqlStatement, body: AlterObjectSchemaStmt): void {
  const schema = body.newschema;
  if (!schema) return;
  const type = body.objectType ?? '';
  const name = relationName(body.relation, stmt.defaultSchema);
  if (RELATION_TYPES.has(type) && name) moveRelation(model, name, qualify(schema, name.name));
  else if (type === 'OBJECT_FUNCTION' || type === 'OBJECT_PROCEDURE') {
    for (const f of functionsNamed(model, stmt, as(body.object, 'ObjectWithArgs'))) moveFunction(model, f.name, qualify(schema, f.name.name));
  }
}

function moveRelation(model: SchemaModel, from: QualifiedName, to: QualifiedName): void {
  const table = model.tables.get(from.key);
  if (table && !table.dropped) {
    move<Table>(model.tables, table, to);
    return;
  }
  const view = model.views.get(from.key);
  if (view && !view.dropped) move<View>(model.views, view, to);
}

function move<T extends { name: QualifiedName }>(map: Map<string, T>, item: T, to: QualifiedName): void {
  map.delete(item.name.key);
  item.name = to;
  map.set(to.key, item);
}

function moveFunction(model: SchemaModel, from: QualifiedName, to: QualifiedName): void {
  for (const f of [...model.functions.values()]) {
    if (f.dropped || f.name.key !== from.key) continue;
    model.functions.delete(functionKey(f.name, f.args));
    f.name = to;
    model.functions.set(functionKey(to, f.args), f);
  }
}

function renameColumn(params: { model: SchemaModel; table: Table | undefined; from: string; to: string }): void {
  const { model, table, from, to } = params;
  const col = table?.columns.get(from);
  if (!table || !col) return;
  table.columns.delete(from);
  col.name = to;
  table.columns.set(to, col);
  const rename = (c: string | null) => (c === from ? to : c);
  for (const fk of table.foreignKeys) fk.columns = fk.columns.map((c) => rename(c) ?? c);
  for (const index of model.indexes.values()) if (index.table === table) index.columns = index.columns.map(rename);
}

function renamePolicy(table: Table | undefined, from: string, to: string): void {
  const policy = table?.policies.get(from);
  if (!table || !policy) return;
  table.policies.delete(from);
  policy.name = to;
  table.policies.set(to, policy);
}

function renameIndex(model: SchemaModel, from: QualifiedName, to: string): void {
  const index = model.indexes.get(from.key);
  if (!index) return;
  model.indexes.delete(from.key);
  index.name = qualify(from.schema, to);
  model.indexes.set(index.name.key, index);
}
