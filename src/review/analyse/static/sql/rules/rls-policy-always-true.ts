import { constTruth } from '../ast/expr.js';
import { isIdentityTautology } from '../ast/identity.js';
import type { PgNode } from '../ast/node.js';
import type { Policy } from '../model/types.js';
import type { SqlReport, SqlRule } from '../rule-api.js';
import { code, listOf, sensitiveColumns } from './support/format.js';
import { appliesToApiRoles, changedPolicies, clauseFocus, describeCommand } from './support/policies.js';

export const rlsPolicyAlwaysTrue: SqlRule = {
  meta: {
    id: 'rls-policy-always-true',
    category: 'rls',
    severity: 'high',
    title: 'Write policy that lets everyone through',
    rationale:
      'A permissive INSERT, UPDATE, DELETE or ALL policy whose USING or WITH CHECK is `true` (or only checks that ' +
      'the caller is signed in) lets any client edit, delete or forge every row of the table, which defeats row ' +
      'level security. Scope it to the row owner, e.g. `(select auth.uid()) = user_id`. A SELECT `using (true)` ' +
      'on public reference data is fine; on a table with emails, phones or tokens it is reported as a leak.',
    anchors: ['splinter 0024 rls_policy_always_true', 'Supabase docs: Row Level Security'],
  },
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx)) {
      const open = openClauses(policy);
      const exposed = open.length ? [] : openReadOfSensitiveColumns(policy);
      if (exposed.length) {
        reports.push({
          stmt,
          focus: clauseFocus(stmt, policy.using),
          severity: 'medium',
          message:
            `Policy "${policy.name}" lets ${policy.roles.join(', ')} read every row of ${code(policy.table.name.key)}, ` +
            `including ${listOf(exposed.map(code))}. Scope it to the owner, or serve the public columns through a ` +
            `security_invoker view and keep this table owner-only.`,
        });
        continue;
      }
      if (!open.length) continue;
      const who = open.some((c) => c.kind === 'true') ? 'every client the policy applies to' : 'every signed-in user';
      reports.push({
        stmt,
        focus: clauseFocus(stmt, open[0].expr),
        message:
          `Policy "${policy.name}" on ${code(policy.table.name.key)} (${describeCommand(policy)} for ${policy.roles.join(', ')}) ` +
          `has ${open.map((c) => c.text).join(' and ')}, so ${who} can ${verbs(policy)} any row, including other users' rows. ` +
          `Scope it to the owner, e.g. \`using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id)\`.`,
      });
    }
    return reports;
  },
};

interface OpenClause {
  kind: 'true' | 'signed-in';
  text: string;
  expr: PgNode;
}

/** The USING / WITH CHECK clauses of a write policy that let every caller through (empty when none or not applicable). */
export function openClauses(policy: Policy): OpenClause[] {
  if (!policy.permissive || policy.command === 'select' || !appliesToApiRoles(policy)) return [];
  const out: OpenClause[] = [];
  const judge = (expr: PgNode | undefined, label: string) => {
    if (!expr) return;
    if (constTruth(expr) === true) out.push({ kind: 'true', text: `${label} (true)`, expr });
    else if (isIdentityTautology(expr)) out.push({ kind: 'signed-in', text: `a ${label} that only checks the caller is signed in`, expr });
  };
  if (policy.command !== 'insert') judge(policy.using, 'USING');
  if (policy.command !== 'delete') judge(policy.withCheck, 'WITH CHECK');
  return out;
}

/**
 * Sensitive columns of a table that a permissive SELECT policy of `true` opens to every API caller.
 * SELECT `true` on reference data is fine; on emails, phones or tokens it is a leak.
 */
function openReadOfSensitiveColumns(policy: Policy): string[] {
  if (!policy.permissive || policy.command !== 'select' || !appliesToApiRoles(policy)) return [];
  if (constTruth(policy.using) !== true && !isIdentityTautology(policy.using)) return [];
  return sensitiveColumns(policy.table);
}

function verbs(policy: Policy): string {
  switch (policy.command) {
    case 'insert':
      return 'insert';
    case 'update':
      return 'rewrite';
    case 'delete':
      return 'delete';
    default:
      return 'read, rewrite or delete';
  }
}
