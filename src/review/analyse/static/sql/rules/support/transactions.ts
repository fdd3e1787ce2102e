import { as } from '../../ast/node.js';
import type { ColumnDef } from 'libpg-query';
import type { SchemaModel, SqlStatement, Table } from '../../model/types.js';

/** Why a statement runs inside a transaction block (so CONCURRENTLY fails there), or undefined when it does not. */
export function transactionReason(all: readonly SqlStatement[], stmt: SqlStatement): string | undefined {
  const sameSource = all.filter((s) => s.source === stmt.source);
  let open = false;
  for (const s of sameSource) {
    if (s === stmt) break;
    const kind = as(s.node, 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') open = true;
    else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') open = false;
  }
  if (open) return 'an earlier BEGIN in this file opened one';
  if (stmt.source.transaction === 'always') return 'Alembic runs the revision in a transaction';
  if (stmt.source.transaction === 'file' && sameSource.length > 1) {
    return `the Supabase CLI runs this file's ${sameSource.length} statements as one transaction`;
  }
  return undefined;
}

/**
 * An earlier statement runs in the transaction of a later one: the same file in one transaction (the
 * Supabase CLI, an open BEGIN), or two operations of one Alembic revision (each op is a source of its own).
 */
export function inSameTransaction(all: readonly SqlStatement[], earlier: SqlStatement, later: SqlStatement): boolean {
  if (earlier.source === later.source) return !!transactionReason(all, later);
  return earlier.path === later.path && earlier.source.transaction === 'always' && later.source.transaction === 'always';
}

/**
 * An earlier `alter table` on the same table in the same transaction: its ACCESS EXCLUSIVE lock (reads
 * blocked too) is held until commit, so whatever this statement scans runs under it.
 */
export function alteredEarlierInTransaction(model: SchemaModel, stmt: SqlStatement, table: Table, actions: ReadonlySet<string> = EXCLUSIVE_ALTERS): SqlStatement | undefined {
  return model.statements.find(
    (s) =>
      s.id < stmt.id &&
      inSameTransaction(model.statements, s, stmt) &&
      model.targets.get(s.id) === table &&
      (as(s.node, 'AlterTableStmt')?.cmds ?? []).some((c) => actions.has(as(c, 'AlterTableCmd')?.subtype ?? '')),
  );
}

/** `alter table` actions that take ACCESS EXCLUSIVE (validating, statistics or storage options take weaker locks). */
const EXCLUSIVE_ALTERS = new Set([
  'AT_AddColumn', 'AT_DropColumn', 'AT_AlterColumnType', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_ColumnDefault', 'AT_DropConstraint',
  'AT_EnableRowSecurity', 'AT_DisableRowSecurity', 'AT_ForceRowSecurity', 'AT_NoForceRowSecurity', 'AT_ChangeOwner',
]);

/**
 * Every one of `columns` was added to the table, without a default, by this statement or an earlier
 * one of the same transaction: the columns hold only NULLs, and the ADD COLUMN keeps the table in
 * ACCESS EXCLUSIVE until commit. Building an index on them or validating a foreign key over them is
 * one sequential pass that finds no value to sort or look up, under a lock the migration takes anyway
 * to add the column: CONCURRENTLY cannot run in that transaction, and NOT VALID saves nothing.
 */
export function addedEmptyInTransaction(model: SchemaModel, stmt: SqlStatement, table: Table, columns: readonly (string | null)[]): boolean {
  if (!columns.length || columns.some((c) => c === null)) return false;
  const added = new Set<string>();
  for (const s of model.statements) {
    if (s.id > stmt.id || (s !== stmt && !inSameTransaction(model.statements, s, stmt)) || model.targets.get(s.id) !== table) continue;
    for (const node of as(s.node, 'AlterTableStmt')?.cmds ?? []) {
      const cmd = as(node, 'AlterTableCmd');
      const def = cmd?.subtype === 'AT_AddColumn' ? as(cmd.def, 'ColumnDef') : undefined;
      if (def?.colname && isEmptyColumn(def)) added.add(def.colname);
    }
  }
  return columns.every((c) => c !== null && added.has(c));
}

/** A new column that starts all NULL: no default (or `default null`), not generated, not an identity. */
function isEmptyColumn(def: ColumnDef): boolean {
  return (def.constraints ?? []).every((node) => {
    const c = as(node, 'Constraint');
    if (!c) return true;
    if (c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED' || c.contype === 'CONSTR_NOTNULL') return false;
    return c.contype !== 'CONSTR_DEFAULT' || !!as(c.raw_expr, 'A_Const')?.isnull;
  });
}
