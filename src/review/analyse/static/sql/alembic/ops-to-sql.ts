import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs, calleeTail, isFalse, isTrue, literal, sqlText, stringList, type CallArgs } from './call-args.js';
import { columnIndexSql, columnSpec, ident, reference } from './column-spec.js';
import { createCheckConstraint, createForeignKey, createUniqueConstraint, qualified } from './constraint-ops.js';
import { typeSql } from './sa-types.js';

/**
 * Alembic operations rewritten as the SQL they run, so the SQL rules judge them like migrations:
 * create_table, add_column, create_index, drop_index, create_foreign_key, create_unique_constraint,
 * create_check_constraint and alter_column (type, nullability, rename). Like Alembic, `index=True`
 * and `unique=True` columns bring their index or constraint along.
 */
export function opToSql(call: TsNode): string | undefined {
  const args = callArgs(call);
  switch (calleeTail(call)) {
    case 'create_table':
      return createTable(args);
    case 'add_column':
      return addColumn(args);
    case 'create_index':
      return createIndex(args);
    case 'drop_index':
      return dropIndex(args);
    case 'create_foreign_key':
      return createForeignKey(args);
    case 'create_unique_constraint':
      return createUniqueConstraint(args);
    case 'create_check_constraint':
      return createCheckConstraint(args);
    case 'alter_column':
      return alterColumn(args);
    default:
      return undefined;
  }
}

function createTable(args: CallArgs): string | undefined {
  const name = literal(args.positional[0]);
  const table = qualified(args, name);
  if (!name || !table) return undefined;
  const elements: string[] = [];
  const after: string[] = [];
  for (const node of args.positional.slice(1)) {
    if (node.type !== 'call') continue;
    if (calleeTail(node) === 'Column') {
      const col = columnSpec(node);
      if (!col) continue;
      elements.push(col.unique ? `${col.sql} UNIQUE` : col.sql);
      if (col.index) after.push(columnIndexSql({ name, sql: table }, col.name));
    } else if (calleeTail(node) === 'Index') {
      const index = tableIndex(node, table);
      if (index) after.push(index);
    } else elements.push(...tableElement(node));
  }
  return [`CREATE TABLE ${table} (${elements.join(', ')})`, ...after].join('; ');
}

function tableElement(call: TsNode): string[] {
  const args = callArgs(call);
  switch (calleeTail(call)) {
    case 'PrimaryKeyConstraint':
      return [`PRIMARY KEY (${args.positional.map((p) => ident(literal(p) ?? 'expr')).join(', ')})`];
    case 'UniqueConstraint':
      return [`UNIQUE (${args.positional.map((p) => ident(literal(p) ?? 'expr')).join(', ')})`];
    case 'ForeignKeyConstraint': {
      const local = stringList(args.positional[0]).map(ident);
      const ref = reference(stringList(args.positional[1]));
      return ref && local.length ? [`FOREIGN KEY (${local.join(', ')}) ${ref}`] : [];
    }
    default:
      return [];
  }
}

/** `sa.Index("ix_name", "col_a", "col_b", unique=True)` among create_table's arguments. */
function tableIndex(call: TsNode, table: string): string | undefined {
  const args = callArgs(call);
  const [nameNode, ...columnNodes] = args.positional;
  const columns = columnNodes.map((c) => literal(c)).filter((c): c is string => c !== undefined);
  if (!columns.length || columns.length !== columnNodes.length) return undefined;
  const name = literal(nameNode);
  const unique = isTrue(args.keyword.get('unique')) ? 'UNIQUE ' : '';
  return `CREATE ${unique}INDEX ${name ? ident(name) : ''} ON ${table} (${columns.map(ident).join(', ')})`;
}

function addColumn(args: CallArgs): string | undefined {
  const name = literal(args.positional[0]);
  const table = qualified(args, name);
  const colNode = args.positional[1];
  const col = colNode?.type === 'call' ? columnSpec(colNode) : undefined;
  if (!name || !table || !col) return undefined;
  // Alembic adds the column, then its constraints and indexes as statements of their own (one line: the call's).
  const out = [`ALTER TABLE ${table} ADD COLUMN ${col.sql}`];
  if (col.unique) out.push(`ALTER TABLE ${table} ADD UNIQUE (${ident(col.name)})`);
  if (col.index) out.push(columnIndexSql({ name, sql: table }, col.name));
  return out.join('; ');
}

function createIndex(args: CallArgs): string | undefined {
  const [nameNode, tableNode, columnsNode] = args.positional;
  const table = qualified(args, literal(tableNode ?? args.keyword.get('table_name')));
  const columns = stringList(columnsNode ?? args.keyword.get('columns'));
  if (!table || !columns.length) return undefined;
  const unique = isTrue(args.keyword.get('unique')) ? 'UNIQUE ' : '';
  const concurrently = isTrue(args.keyword.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : '';
  const name = literal(nameNode);
  const cols = columns.map((c) => (c.startsWith('(') ? c : ident(c))).join(', ');
  const where = sqlText(args.keyword.get('postgresql_where'));
  return `CREATE ${unique}INDEX ${concurrently}${name ? ident(name) : ''} ON ${table} (${cols})${where ? ` WHERE ${where}` : ''}`;
}

function dropIndex(args: CallArgs): string | undefined {
  const name = literal(args.positional[0] ?? args.keyword.get('index_name'));
  if (!name) return undefined;
  const concurrently = isTrue(args.keyword.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : '';
  return `DROP INDEX ${concurrently}${qualified(args, name)}`;
}

/** alter_column(table, column, type_=..., nullable=False, new_column_name=...). */
function alterColumn(args: CallArgs): string | undefined {
  const table = qualified(args, literal(args.positional[0]));
  const column = literal(args.positional[1]);
  if (!table || !column) return undefined;
  const cmds: string[] = [];
  const type = args.keyword.get('type_');
  if (type) {
    const using = sqlText(args.keyword.get('postgresql_using'));
    cmds.push(`ALTER COLUMN ${ident(column)} TYPE ${typeSql(type)}${using ? ` USING ${using}` : ''}`);
  }
  if (isFalse(args.keyword.get('nullable'))) cmds.push(`ALTER COLUMN ${ident(column)} SET NOT NULL`);
  const out = cmds.length ? [`ALTER TABLE ${table} ${cmds.join(', ')}`] : [];
  const rename = literal(args.keyword.get('new_column_name'));
  if (rename) out.push(`ALTER TABLE ${table} RENAME COLUMN ${ident(column)} TO ${ident(rename)}`);
  return out.length ? out.join('; ') : undefined;
}
