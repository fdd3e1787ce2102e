import { isAuthCall } from '../../ast/expr.js';
import { unwrapScalar } from '../../ast/identity.js';
import { as, stringsOf, type PgNode } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import type { Policy } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code } from '../support/format.js';
import { hasIndexLeadingWith } from '../../model/indexes.js';
import { changedPolicies } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const rlsPolicyColumnUnindexed: SqlRule = {
  meta: ruleMeta('rls-policy-column-unindexed'),
  // A policy another rule asks the author to rewrite for security needs no tuning advice of its own.
  defersToRewrite: true,
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx)) {
      const table = policy.table;
      if (table.kind === 'external') continue;
      const fkColumns = new Set(table.foreignKeys.map((fk) => fk.columns[0]));
      const columns = identityColumns(policy).filter((c) => table.columns.has(c) && !fkColumns.has(c));
      const missing = columns.filter((c) => !hasIndexLeadingWith(ctx.model, table, [c]));
      for (const column of new Set(missing)) {
        reports.push({
          stmt,
          message:
            `Policy "${policy.name}" compares ${code(column)} with the caller's id on every query of ${code(table.name.key)}, ` +
            `but no index leads with ${code(column)}, so each query scans the table. Add \`create index on ${table.name.key} (${column});\`.`,
          inRewrite: `If the rewritten policy still filters on ${code(column)}, index it: \`create index on ${table.name.key} (${column});\`.`,
        });
      }
    }
    return reports;
  },
};

/** Columns of the policy's table compared for equality with auth.uid()/auth.jwt() (outside sub-selects). */
function identityColumns(policy: Policy): string[] {
  const out: string[] = [];
  const visit = (expr: PgNode | undefined) =>
    walk(expr, (v) => {
      if (v.tag === 'SubLink' && !isAuthCall(unwrapScalar(v.node))) return false;
      const op = v.tag === 'A_Expr' ? as(v.node, 'A_Expr') : undefined;
      if (op?.kind !== 'AEXPR_OP' || stringsOf(op.name)[0] !== '=') return;
      const sides = [op.lexpr, op.rexpr];
      const auth = sides.findIndex((s) => isAuthCall(unwrapScalar(s)));
      if (auth < 0) return;
      const fields = stringsOf(as(sides[1 - auth], 'ColumnRef')?.fields);
      if (fields.length === 1 || (fields.length === 2 && fields[0] === policy.table.name.name)) out.push(fields[fields.length - 1]);
    });
  visit(policy.using);
  visit(policy.withCheck);
  return out;
}
