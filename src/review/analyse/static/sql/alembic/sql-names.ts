import type { TableRef } from '../source/sql-source.js';

/**
 * A quoted identifier. SQLAlchemy quotes reserved words (`user`, `order`) and mixed-case names;
 * quoting a lower-case name changes nothing, so every name is quoted.
 */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableSql(ref: TableRef): string {
  return ref.schema ? `${ident(ref.schema)}.${ident(ref.name)}` : ident(ref.name);
}

/** A SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `"users.id"`, `"auth.users.id"` (a ForeignKey target) as the referenced table and column; the
 * table part may carry a schema.
 */
export function splitColumnTarget(target: string): { table: TableRef; column: string } | undefined {
  const parts = target.split('.');
  if (parts.length < 2 || parts.some((p) => !p)) return undefined;
  const column = parts.pop() as string;
  const name = parts.pop() as string;
  return { table: parts.length ? { schema: parts.join('.'), name } : { name }, column };
}

/** `REFERENCES t (c)` of a column's foreign key, as a table constraint over `columns`. */
export function foreignKeySql(columns: string[], ref: { table: TableRef; columns: string[]; name?: string }): string {
  const named = ref.name ? `CONSTRAINT ${ident(ref.name)} ` : '';
  return `${named}FOREIGN KEY (${columns.map(ident).join(', ')}) REFERENCES ${tableSql(ref.table)} (${ref.columns.map(ident).join(', ')})`;
}

/** The index Alembic creates for `index=True` (SQLAlchemy's default naming convention `ix_<table>_<column>`). */
export function columnIndexSql(params: { table: TableRef; column: string; unique?: boolean }): string {
  const { table, column, unique } = params;
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${ident(`ix_${table.name}_${column}`)} ON ${tableSql(table)} (${ident(column)})`;
}
