import { as } from '../../ast/node.js';
import type { SqlStatement } from '../../model/types.js';

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
