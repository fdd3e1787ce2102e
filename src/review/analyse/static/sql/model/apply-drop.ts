import type { DropStmt } from 'libpg-query';
import { listName, type QualifiedName } from '../ast/names.js';
import { as, stringOf, stringsOf, type PgNode } from '../ast/node.js';
import { functionsNamed } from './apply-function.js';
import type { Index, SchemaModel, SqlStatement, Table } from './types.js';

export function applyDrop(model: SchemaModel, stmt: SqlStatement, body: DropStmt): void {
  const objects = body.objects ?? [];
  switch (body.removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_FOREIGN_TABLE':
      for (const name of names(objects, stmt)) dropTable(model, model.tables.get(name.key), stmt);
      return;
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
      for (const name of names(objects, stmt)) {
        const view = model.views.get(name.key);
        if (view) view.dropped = true;
      }
      return;
    case 'OBJECT_INDEX':
      dropIndexes(model, stmt, names(objects, stmt));
      return;
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      for (const o of objects) for (const f of functionsNamed(model, stmt, as(o, 'ObjectWithArgs'))) f.dropped = true;
      return;
    case 'OBJECT_POLICY':
      for (const o of objects) dropPolicy(model, stmt, stringsOf(as(o, 'List')?.items));
      return;
    case 'OBJECT_SCHEMA':
      for (const o of objects) dropSchema(model, stringOf(o), stmt);
      return;
    default:
      return;
  }
}

function names(objects: PgNode[], stmt: SqlStatement): QualifiedName[] {
  return objects.map((o) => listName(as(o, 'List')?.items, stmt.defaultSchema)).filter((n): n is QualifiedName => !!n);
}

function dropTable(model: SchemaModel, table: Table | undefined, stmt: SqlStatement): void {
  if (!table) return;
  table.dropped = true;
  table.droppedBy = stmt;
  for (const [key, index] of model.indexes) if (index.table === table) model.indexes.delete(key);
}

function dropIndexes(model: SchemaModel, stmt: SqlStatement, indexNames: QualifiedName[]): void {
  const dropped: Index[] = [];
  for (const name of indexNames) {
    const index = model.indexes.get(name.key);
    if (!index) continue;
    dropped.push(index);
    model.indexes.delete(name.key);
  }
  model.droppedIndexes.set(stmt.id, dropped);
}

/** DROP POLICY name ON [schema.]table arrives as ["schema", "table", "name"]. */
function dropPolicy(model: SchemaModel, stmt: SqlStatement, parts: string[]): void {
  const policyName = parts[parts.length - 1];
  const tableName = listName(
    parts.slice(0, -1).map((sval) => ({ String: { sval } })),
    stmt.defaultSchema,
  );
  const table = tableName ? model.tables.get(tableName.key) : undefined;
  const policy = policyName ? table?.policies.get(policyName) : undefined;
  if (!table || !policy) return;
  table.policies.delete(policy.name);
  table.formerPolicies.push({ policy, endedBy: stmt });
  model.targets.set(stmt.id, table);
}

function dropSchema(model: SchemaModel, schema: string | undefined, stmt: SqlStatement): void {
  if (!schema) return;
  for (const table of model.tables.values()) if (table.name.schema === schema) dropTable(model, table, stmt);
  for (const view of model.views.values()) if (view.name.schema === schema) view.dropped = true;
  for (const f of model.functions.values()) if (f.name.schema === schema) f.dropped = true;
}
