import { as } from '../ast/node.js';
import type { SqlStatement } from '../model/types.js';
import type { SqlReport, SqlRule } from '../rule-api.js';
import { transactionReason } from './support/transactions.js';

export const concurrentIndexInTransaction: SqlRule = {
  // A lock or rewrite happens when the statement runs, whatever later statements do.
  atDeploy: true,
  meta: {
    id: 'concurrent-index-in-transaction',
    category: 'query',
    severity: 'medium',
    title: 'CONCURRENTLY inside a transaction: the migration will fail',
    rationale:
      'CREATE/DROP/REINDEX ... CONCURRENTLY cannot run inside a transaction block. The Supabase CLI runs each ' +
      'migration file in one transaction, Alembic runs each revision in one, and an explicit BEGIN opens one, so ' +
      'the deploy fails with "cannot run inside a transaction block". Put the statement alone in its own migration ' +
      'file (Alembic: inside `with op.get_context().autocommit_block():`).',
    anchors: ['squawk ban-concurrent-index-creation-in-transaction', 'supabase/cli#2898', 'PostgreSQL docs: CREATE INDEX CONCURRENTLY'],
  },
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
