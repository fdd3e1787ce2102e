import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import { flag, notStatic, sqlText, tableOf, text, type OpSite, type Translation } from './op-site.js';
import { foreignKeySql, ident, splitColumnTarget, tableSql } from './sql-names.js';
import { calleeTail, itemsOf, literal, stringList, type Env } from './python-values.js';

/** SQLAlchemy 2's `postgresql_not_valid=True` adds a constraint without scanning the table. */
function notValid(site: OpSite): string {
  return flag(site, 'postgresql_not_valid') ? ' NOT VALID' : '';
}

function named(name: string | undefined): string {
  return name ? `CONSTRAINT ${ident(name)} ` : '';
}

/** op.create_foreign_key(name, source, referent, local_cols, remote_cols, source_schema=, referent_schema=). */
export function createForeignKey(site: OpSite): Translation {
  const source = tableOf(site, 'source_table', 'source_schema');
  const referent = tableOf(site, 'referent_table', 'referent_schema');
  const local = stringList(site.args.get('local_cols'), site.env);
  const remote = stringList(site.args.get('remote_cols'), site.env);
  if (!source || !referent || !local?.length || !remote?.length) return notStatic('a table or column name', source ? [source] : []);
  const fk = foreignKeySql(local, { table: referent, columns: remote, name: text(site, 'constraint_name') });
  return { sql: `ALTER TABLE ${tableSql(source)} ADD ${fk}${notValid(site)}`, tables: [source] };
}

/** op.create_unique_constraint / op.create_primary_key(name, table, columns). */
export function createKey(site: OpSite, kind: 'UNIQUE' | 'PRIMARY KEY'): Translation {
  const table = tableOf(site);
  const columns = stringList(site.args.get('columns'), site.env);
  if (!table || !columns?.length) return notStatic('a table or column name', table ? [table] : []);
  return { sql: `ALTER TABLE ${tableSql(table)} ADD ${named(text(site, 'constraint_name'))}${kind} (${columns.map(ident).join(', ')})`, tables: [table] };
}

/** op.create_check_constraint(name, table, condition): the condition as a string or sa.text(). */
export function createCheck(site: OpSite): Translation {
  const table = tableOf(site);
  const condition = sqlText(site.args.get('condition'), site.env);
  if (!table || !condition) return notStatic('the table name or condition', table ? [table] : []);
  return { sql: `ALTER TABLE ${tableSql(table)} ADD ${named(text(site, 'constraint_name'))}CHECK (${condition})${notValid(site)}`, tables: [table] };
}

/** op.drop_constraint(name, table, type_=). */
export function dropConstraint(site: OpSite): Translation {
  const table = tableOf(site);
  const name = text(site, 'constraint_name');
  if (!table || !name) return notStatic('the table or constraint name', table ? [table] : []);
  const ifExists = flag(site, 'if_exists') ? 'IF EXISTS ' : '';
  return { sql: `ALTER TABLE ${tableSql(table)} DROP CONSTRAINT ${ifExists}${ident(name)}`, tables: [table] };
}

/**
 * `sa.PrimaryKeyConstraint`, `sa.UniqueConstraint`, `sa.ForeignKeyConstraint` or `sa.CheckConstraint`
 * among create_table's arguments, as a table constraint; undefined when it cannot be read.
 */
export function tableConstraint(call: TsNode, env: Env): string | undefined {
  const args = callArgs(call);
  const name = named(literal(args.keyword.get('name'), env));
  const columns = () => {
    const out = args.positional.map((p) => literal(p, env));
    return out.length && out.every((c) => c !== undefined) && !args.splats.length ? (out as string[]).map(ident).join(', ') : undefined;
  };
  switch (calleeTail(call)) {
    case 'PrimaryKeyConstraint':
    case 'UniqueConstraint': {
      const cols = columns();
      return cols && `${name}${calleeTail(call) === 'UniqueConstraint' ? 'UNIQUE' : 'PRIMARY KEY'} (${cols})`;
    }
    case 'ForeignKeyConstraint': {
      const local = stringList(args.positional[0] ?? args.keyword.get('columns'), env);
      const targets = itemsOf(args.positional[1] ?? args.keyword.get('refcolumns'), env).map((t) => splitColumnTarget(literal(t.node, t.env) ?? ''));
      const first = targets[0];
      if (!local?.length || !first || targets.some((t) => !t)) return undefined;
      const columns = targets.map((t) => t?.column as string);
      return foreignKeySql(local, { table: first.table, columns, name: literal(args.keyword.get('name'), env) });
    }
    case 'CheckConstraint': {
      const condition = sqlText(args.positional[0] ?? args.keyword.get('sqltext'), env);
      return condition && `${name}CHECK (${condition})`;
    }
    default:
      return undefined;
  }
}
