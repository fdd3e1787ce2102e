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

const DAY_MS = 86_400_000;
/** A table this much younger than the migration: it has had no time to fill. */
const YOUNG_MS = 7 * DAY_MS;

/**
 * The day a migration file's name carries: Supabase's `20250913022959_name.sql`, an Alembic
 * `file_template` with the date (`2024_09_08_2159-c5848cc524b1_x.py`, `2023-12-27_ed0b0388fa3f.py`).
 * Null for names without one (a revision hash).
 */
export function migrationDay(path: string): number | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(\d{4})(\d{2})(\d{2})\d{6}_/.exec(base) ?? /^(\d{4})[-_](\d{2})[-_](\d{2})[-_T]/.exec(base);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return Date.UTC(y, mo - 1, d);
}

/**
 * True when the migration that created the table is dated less than a week before `stmt`'s: the table
 * has had days at most to fill, so a lock for its scan lasts moments. Unknown dates are not young.
 */
export function youngTable(table: Table, stmt: SqlStatement): boolean {
  const born = table.created ? migrationDay(table.created.path) : null;
  const now = migrationDay(stmt.path);
  return born !== null && now !== null && now >= born && now - born < YOUNG_MS;
}
