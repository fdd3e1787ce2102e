import { disjuncts, isRowIndependent, tableColumnsRead } from '../../ast/expr.js';
import type { Policy } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code, listOf } from '../support/format.js';
import { appliesToApiRoles, changedPolicies, clauseFocus } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const rlsUpdatePolicyMissingWithCheck: SqlRule = {
  meta: ruleMeta('rls-update-policy-missing-with-check'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx)) {
      if (!policy.permissive || !['update', 'all'].includes(policy.command) || policy.withCheck || !policy.using) continue;
      if (!appliesToApiRoles(policy)) continue;
      const escapes = rewritableColumns(policy);
      if (!escapes.length) continue;
      const how = escapes
        .slice(0, 2)
        .map((e) => `a user who passes the condition on ${listOf(e.branch.map(code))} can rewrite ${listOf(e.columns.map(code))}`)
        .join(', and ');
      reports.push({
        stmt,
        focus: clauseFocus(stmt, policy.using),
        message:
          `Policy "${policy.name}" on ${code(policy.table.name.key)} allows UPDATE with USING but no WITH CHECK, so the new ` +
          `row is only re-checked against the same OR: ${how} and still pass, e.g. hand the row to another owner or ` +
          `take it over. Add a WITH CHECK that pins ownership, e.g. \`with check ((select auth.uid()) = owner_id)\`, ` +
          `or split the policy so only the owner may change ownership columns.`,
      });
    }
    return reports;
  },
};

/**
 * A branch of USING that reads the row, and the columns other branches read but it does not:
 * a user satisfying that branch before and after the update may set those columns freely.
 */
function rewritableColumns(policy: Policy): { branch: string[]; columns: string[] }[] {
  const out: { branch: string[]; columns: string[] }[] = [];
  const branches = disjuncts(policy.using);
  if (branches.length < 2) return out;
  const columnSets = branches.map((b) => tableColumnsRead(b, policy.table.name.name));
  for (let i = 0; i < branches.length; i++) {
    if (isRowIndependent(branches[i]) || columnSets[i].size === 0) continue;
    const others = new Set<string>();
    columnSets.forEach((set, j) => {
      if (j !== i) for (const c of set) if (!columnSets[i].has(c)) others.add(c);
    });
    if (others.size) out.push({ branch: [...columnSets[i]], columns: [...others] });
  }
  // Lead with the branch a non-owner passes: the one that does not read the first branch's columns.
  return out.reverse();
}
