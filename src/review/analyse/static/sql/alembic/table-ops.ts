import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import { columnSpec, type ColumnSpec } from './column-spec.js';
import { tableConstraint } from './constraint-ops.js';
import { tableIndex } from './index-ops.js';
import { flag, node, notStatic, sqlText, tableOf, text, type OpSite, type Translation } from './op-site.js';
import { defaultSql } from './server-default.js';
import { typeSql } from './sa-types.js';
import { columnIndexSql, foreignKeySql, ident, tableSql } from './sql-names.js';
import { calleeTail, isFalse, isTrue, literal, resolve } from './python-values.js';

/**
 * op.create_table(name, *columns_and_constraints, schema=, if_not_exists=): CREATE TABLE with its
 * columns and constraints, then the indexes of `index=True` columns and `sa.Index(...)` arguments.
 * An argument it cannot read (`*common_columns()`, a Column built elsewhere) leaves the table
 * created but not fully known.
 */
export function createTable(site: OpSite): Translation {
  const table = tableOf(site);
  if (!table) return notStatic('the table name');
  const elements: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  const unread: string[] = [];
  const unknownTypes: string[] = [];
  // Several primary_key=True columns are one composite key, as SQLAlchemy renders it: PRIMARY KEY (a, b).
  const keys: { name: string; at: number; sql: string }[] = [];
  // Every column with its place and its `serial` rendering, for the autoincrement column (see below).
  const columns: { name: string; at: number; serial?: ColumnSpec['serial'] }[] = [];
  for (const arg of site.args.rest) {
    const { node: n, env } = resolve(arg, site.env);
    const tail = n.type === 'call' ? calleeTail(n) : '';
    const col = tail === 'Column' ? columnSpec(n, env) : undefined;
    if (col) {
      // `unique=True, index=True`: SQLAlchemy makes one unique index, no UNIQUE constraint beside it.
      const uniqueConstraint = col.unique && !col.index;
      if (col.primaryKey) keys.push({ name: col.name, at: elements.length, sql: uniqueConstraint ? `${col.keyless} UNIQUE` : col.keyless });
      columns.push({ name: col.name, at: elements.length, serial: col.serial && { ...col.serial, sql: uniqueConstraint ? `${col.serial.sql} UNIQUE` : col.serial.sql } });
      elements.push(uniqueConstraint ? `${col.sql} UNIQUE` : col.sql);
      before.push(...col.before);
      unknownTypes.push(...col.unknownTypes);
      for (const ref of col.references) elements.push(foreignKeySql([col.name], { ...ref, columns: [ref.column] }));
      if (col.index) after.push(columnIndexSql({ table, column: col.name, unique: col.unique }));
      continue;
    }
    // `use_alter=True`: SQLAlchemy leaves the constraint out of CREATE TABLE (it breaks a cycle between
    // tables), and Alembic's create_table does not add it afterwards.
    if (tail === 'ForeignKeyConstraint' && isTrue(callArgs(n).keyword.get('use_alter'), env)) continue;
    const sql = tail === 'Index' ? tableIndex(n, table, env) : tail ? tableConstraint(n, env) : undefined;
    if (sql === undefined) unread.push(argumentName(arg));
    else if (tail === 'Index') after.push(sql);
    else elements.push(sql);
  }
  // An explicit `sa.PrimaryKeyConstraint(...)` is the table's key: SQLAlchemy sets it in place of the columns' own
  // `primary_key=True` (one key, never two).
  const explicit = site.args.rest.map((arg) => resolve(arg, site.env)).find(({ node: n }) => n.type === 'call' && calleeTail(n) === 'PrimaryKeyConstraint');
  if (keys.length > 1 || (keys.length && explicit)) {
    for (const key of keys) elements[key.at] = key.sql;
    if (!explicit) elements.push(`PRIMARY KEY (${keys.map((k) => ident(k.name)).join(', ')})`);
  }
  // SQLAlchemy's autoincrement column: the one integer column of the key (or one marked `autoincrement=True`) is a
  // serial; written without its own PRIMARY KEY when the key is a constraint of the table.
  const keyNames = explicit ? callArgs(explicit.node).positional.map((c) => literal(c, explicit.env)) : keys.map((k) => k.name);
  const inKey = columns.filter((c) => keyNames.includes(c.name));
  const serial = inKey.length === 1 && keyNames.length === 1 ? inKey[0] : inKey.find((c) => c.serial?.always);
  if (serial?.serial) elements[serial.at] = keys.some((k) => k.name === serial.name) && (keys.length > 1 || explicit) ? serial.serial.keyless : serial.serial.sql;
  unread.push(...site.args.splats.map(argumentName));
  const ifNotExists = flag(site, 'if_not_exists') ? 'IF NOT EXISTS ' : '';
  const sql = [...before, `CREATE TABLE ${ifNotExists}${tableSql(table)} (${elements.join(', ')})`, ...after].join('; ');
  const unknown = unread.length ? `${unread.join(', ')} could not be read` : undefined;
  return { sql, tables: [table], creates: true, unknown, ...(unknownTypes.length ? { unknownTypes } : {}) };
}

function argumentName(arg: TsNode): string {
  const text = arg.text.replace(/\s+/g, ' ');
  return `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
}

export function dropTable(site: OpSite): Translation {
  const table = tableOf(site);
  if (!table) return notStatic('the table name');
  return { sql: `DROP TABLE ${flag(site, 'if_exists') ? 'IF EXISTS ' : ''}${tableSql(table)}`, tables: [table] };
}

export function renameTable(site: OpSite): Translation {
  const from = tableOf(site, 'old_table_name');
  const to = text(site, 'new_table_name');
  if (!from || !to) return notStatic('the table name', from ? [from] : []);
  return { sql: `ALTER TABLE ${tableSql(from)} RENAME TO ${ident(to)}`, tables: [from, { ...from, name: to }] };
}

/** Table comments change nothing the rules look at. */
export function tableComment(site: OpSite): Translation {
  const table = tableOf(site);
  return table ? { sql: '', tables: [table] } : notStatic('the table name');
}

/**
 * op.add_column(table, column): like Alembic, ADD COLUMN, then the column's foreign key and unique
 * constraint as statements of their own, then its index (a unique index for `unique=True, index=True`,
 * with no constraint beside it).
 */
export function addColumn(site: OpSite): Translation {
  const table = tableOf(site);
  const colNode = node(site, 'column');
  const col: ColumnSpec | undefined = colNode ? columnSpec(colNode, site.env) : undefined;
  if (!table || !col) return notStatic(table ? 'the column' : 'the table name', table ? [table] : []);
  const alter = `ALTER TABLE ${tableSql(table)}`;
  // Alembic renders the column alone: a `primary_key=True` on it adds no key (SQLAlchemy keeps keys as table constraints).
  const out = [...col.before, `${alter} ADD COLUMN ${flag(site, 'if_not_exists') ? 'IF NOT EXISTS ' : ''}${col.keyless}`];
  for (const ref of col.references) out.push(`${alter} ADD ${foreignKeySql([col.name], { ...ref, columns: [ref.column] })}`);
  if (col.unique && !col.index) out.push(`${alter} ADD UNIQUE (${ident(col.name)})`);
  if (col.index) out.push(columnIndexSql({ table, column: col.name, unique: col.unique }));
  return { sql: out.join('; '), tables: [table], ...(col.unknownTypes.length ? { unknownTypes: col.unknownTypes } : {}) };
}

export function dropColumn(site: OpSite): Translation {
  const table = tableOf(site);
  const column = text(site, 'column_name');
  if (!table || !column) return notStatic(table ? 'the column name' : 'the table name', table ? [table] : []);
  return { sql: `ALTER TABLE ${tableSql(table)} DROP COLUMN ${flag(site, 'if_exists') ? 'IF EXISTS ' : ''}${ident(column)}`, tables: [table] };
}

/** op.alter_column(table, column, type_=, nullable=, server_default=, new_column_name=, postgresql_using=). */
export function alterColumn(site: OpSite): Translation {
  const table = tableOf(site);
  const column = text(site, 'column_name');
  if (!table || !column) return notStatic(table ? 'the column name' : 'the table name', table ? [table] : []);
  const col = ident(column);
  const cmds: string[] = [];
  const type = node(site, 'type_');
  if (type) {
    const using = sqlText(site.args.get('postgresql_using'), site.env);
    cmds.push(`ALTER COLUMN ${col} TYPE ${typeSql(type, site.env)}${using ? ` USING ${using}` : ''}`);
  }
  const nullable = site.args.get('nullable');
  if (isFalse(nullable, site.env)) cmds.push(`ALTER COLUMN ${col} SET NOT NULL`);
  else if (isTrue(nullable, site.env)) cmds.push(`ALTER COLUMN ${col} DROP NOT NULL`);
  const serverDefault = site.args.get('server_default');
  // Alembic's "leave it" sentinel is False; None drops the default.
  if (serverDefault && !isFalse(serverDefault, site.env)) {
    cmds.push(node(site, 'server_default') ? `ALTER COLUMN ${col} SET DEFAULT ${defaultSql(serverDefault, site.env)}` : `ALTER COLUMN ${col} DROP DEFAULT`);
  }
  const out = cmds.length ? [`ALTER TABLE ${tableSql(table)} ${cmds.join(', ')}`] : [];
  const rename = text(site, 'new_column_name');
  if (rename) out.push(`ALTER TABLE ${tableSql(table)} RENAME COLUMN ${col} TO ${ident(rename)}`);
  return { sql: out.join('; '), tables: [table] };
}
