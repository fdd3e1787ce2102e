import { as } from '../../ast/node.js';
import type { SqlStatement, Table } from '../../model/types.js';

/** The last statement of a list that the pull request touched. */
export function lastChanged(stmts: readonly SqlStatement[]): SqlStatement | undefined {
  for (let i = stmts.length - 1; i >= 0; i--) if (stmts[i].changed) return stmts[i];
  return undefined;
}

/** True when the statement is an ALTER TABLE that disables row level security. */
export function disablesRls(stmt: SqlStatement): boolean {
  const cmds = as(stmt.node, 'AlterTableStmt')?.cmds ?? [];
  return cmds.some((c) => as(c, 'AlterTableCmd')?.subtype === 'AT_DisableRowSecurity');
}

/** The changed ALTER TABLE ... DISABLE ROW LEVEL SECURITY statements of a table. */
export function changedRlsDisables(table: Table): SqlStatement[] {
  return table.rlsChangedBy.filter((s) => s.changed && disablesRls(s));
}

/**
 * True when a table existed before `stmt`'s migration file ran: created by an unchanged statement
 * of another file, or never created by a migration at all (made outside the repository).
 */
export function existedBefore(table: Table, stmt: SqlStatement): boolean {
  if (!table.created) return true;
  return !table.created.changed && table.created.path !== stmt.path;
}

/**
 * True when the table outlives the migration `stmt` belongs to: a table the same file drops later
 * (Alembic drops a table's indexes just before the table) is going away under an ACCESS EXCLUSIVE
 * lock anyway, so locking it for a moment first is no concern.
 */
export function outlivesMigration(table: Table, stmt: SqlStatement): boolean {
  const drop = table.droppedBy;
  return !drop || drop.path !== stmt.path || drop.id < stmt.id;
}
