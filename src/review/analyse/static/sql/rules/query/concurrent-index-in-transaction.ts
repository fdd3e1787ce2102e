import { as } from '../../ast/node.js';
import type { SqlStatement } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { transactionReason } from '../support/transactions.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const concurrentIndexInTransaction: SqlRule = {
  // A lock or rewrite happens when the statement runs, whatever later statements do.
  atDeploy: true,
  meta: ruleMeta('concurrent-index-in-transaction'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      if (!isConcurrent(stmt)) continue;
      const why = transactionReason(ctx.model.statements, stmt);
      if (!why) continue;
      reports.push({
        stmt,
        message:
          `This \`concurrently\` statement cannot run inside a transaction block, and ${why}, so the migration fails at ` +
          `deploy. ${stmt.source.verbatim ? 'Move it alone into a migration file of its own.' : 'Run it inside `with op.get_context().autocommit_block():`.'}`,
      });
    }
    return reports;
  },
};

function isConcurrent(stmt: SqlStatement): boolean {
  if (as(stmt.node, 'IndexStmt')?.concurrent) return true;
  const drop = as(stmt.node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_INDEX' && drop.concurrent) return true;
  return (as(stmt.node, 'ReindexStmt')?.params ?? []).some((p) => as(p, 'DefElem')?.defname === 'concurrently');
}
