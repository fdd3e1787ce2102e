import { as } from '../../ast/node.js';
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
 * An earlier `alter table` on the same table in the same transaction: its ACCESS EXCLUSIVE lock (reads
 * blocked too) is held until commit, so whatever this statement scans runs under it.
 */
export function alteredEarlierInTransaction(model: SchemaModel, stmt: SqlStatement, table: Table, actions: ReadonlySet<string> = EXCLUSIVE_ALTERS): SqlStatement | undefined {
  if (!transactionReason(model.statements, stmt)) return undefined;
  return model.statements.find(
    (s) =>
      s.source === stmt.source &&
      s.id < stmt.id &&
      model.targets.get(s.id) === table &&
      (as(s.node, 'AlterTableStmt')?.cmds ?? []).some((c) => actions.has(as(c, 'AlterTableCmd')?.subtype ?? '')),
  );
}

/** `alter table` actions that take ACCESS EXCLUSIVE (validating, statistics or storage options take weaker locks). */
const EXCLUSIVE_ALTERS = new Set([
  'AT_AddColumn', 'AT_DropColumn', 'AT_AlterColumnType', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_ColumnDefault', 'AT_DropConstraint',
  'AT_EnableRowSecurity', 'AT_DisableRowSecurity', 'AT_ForceRowSecurity', 'AT_NoForceRowSecurity', 'AT_ChangeOwner',
]);
