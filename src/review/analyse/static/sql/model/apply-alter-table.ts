import type { AlterTableCmd, AlterTableStmt } from 'libpg-query';
import { relationName, typeInfo } from '../ast/names.js';
import { as } from '../ast/node.js';
import { applyConstraint } from './apply-constraint.js';
import { addColumn } from './apply-table.js';
import { applyViewOptions } from './apply-view.js';
import { tableFor, target } from './store.js';
import type { SchemaModel, SqlStatement, Table } from './types.js';

export function applyAlterTable(model: SchemaModel, stmt: SqlStatement, body: AlterTableStmt): void {
  const name = relationName(body.relation, stmt.defaultSchema);
  if (!name) return;
  const cmds = (body.cmds ?? []).map((n) => as(n, 'AlterTableCmd')).filter((c): c is AlterTableCmd => !!c);
  const view = model.views.get(name.key);
  if (body.objtype === 'OBJECT_VIEW' || body.objtype === 'OBJECT_MATVIEW' || (view && !view.dropped)) {
    if (view && !view.dropped) applyViewOptions(view, stmt, cmds);
    return;
  }
  const table = target(model, stmt, tableFor(model, name));
  for (const cmd of cmds) applyCmd({ model, table, stmt }, cmd);
}

interface Site {
  model: SchemaModel;
  table: Table;
  stmt: SqlStatement;
}

function applyCmd(site: Site, cmd: AlterTableCmd): void {
  const { table, stmt } = site;
  switch (cmd.subtype) {
    case 'AT_EnableRowSecurity':
    case 'AT_DisableRowSecurity':
      table.rls = cmd.subtype === 'AT_EnableRowSecurity';
      table.rlsChangedBy.push(stmt);
      return;
    case 'AT_AddColumn': {
      const col = as(cmd.def, 'ColumnDef');
      if (col) addColumn(site, col);
      return;
    }
    case 'AT_DropColumn':
      if (cmd.name) dropColumn(table, cmd.name);
      return;
    case 'AT_AlterColumnType': {
      const col = cmd.name ? table.columns.get(cmd.name) : undefined;
      const def = as(cmd.def, 'ColumnDef');
      if (!col || !def?.typeName) return;
      const before = site.model.typesBefore.get(stmt.id) ?? new Map();
      before.set(col.name, col.type);
      site.model.typesBefore.set(stmt.id, before);
      col.type = typeInfo(def.typeName);
      return;
    }
    case 'AT_SetNotNull':
    case 'AT_DropNotNull': {
      const col = cmd.name ? table.columns.get(cmd.name) : undefined;
      if (col) col.notNull = cmd.subtype === 'AT_SetNotNull';
      return;
    }
    case 'AT_ColumnDefault': {
      const col = cmd.name ? table.columns.get(cmd.name) : undefined;
      if (col) col.hasDefault = !!cmd.def;
      return;
    }
    case 'AT_AddConstraint': {
      const c = as(cmd.def, 'Constraint');
      if (c) applyConstraint({ ...site, offset: c.location ?? stmt.start }, c);
      return;
    }
    case 'AT_ValidateConstraint':
      for (const check of table.checks) if (check.name === cmd.name) check.valid = true;
      return;
    case 'AT_DropConstraint':
      if (cmd.name) dropConstraint(site, cmd.name);
      return;
    default:
      return;
  }
}

function dropColumn(table: Table, column: string): void {
  table.columns.delete(column);
  table.foreignKeys = table.foreignKeys.filter((fk) => !fk.columns.includes(column));
}

function dropConstraint(site: Site, name: string): void {
  const { model, table } = site;
  table.foreignKeys = table.foreignKeys.filter((fk) => fk.name !== name && defaultFkName(table, fk.columns) !== name);
  table.checks = table.checks.filter((c) => c.name !== name);
  model.indexes.delete(`${table.name.schema}.${name}`);
}

function defaultFkName(table: Table, columns: string[]): string {
  return `${table.name.name}_${columns.join('_')}_fkey`;
}
