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
