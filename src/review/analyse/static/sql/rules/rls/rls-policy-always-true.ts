import { constTruth } from '../../ast/expr.js';
import { ignoresCaller } from '../../ast/caller.js';
import { anonymousAlternative, describeAnonymous, isIdentityTautology } from '../../ast/identity.js';
import type { PgNode } from '../../ast/node.js';
import type { Policy } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { describeOpenRead } from '../support/describe-open-read.js';
import { code } from '../support/format.js';
import { openRead } from '../support/open-read.js';
import { appliesToApiRoles, changedPolicies, clauseFocus, describeCommand, restrictedBy, rlsKnownOff } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const rlsPolicyAlwaysTrue: SqlRule = {
  meta: ruleMeta('rls-policy-always-true'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx, { external: true })) {
      // While RLS is off the policy lets nothing through that the table did not already: the table is the finding.
      if (rlsKnownOff(policy.table)) continue;
      const anonymous = anonymousOpening(policy);
      if (anonymous) {
        reports.push({
          stmt,
          focus: clauseFocus(stmt, anonymous.clause),
          message:
            `Policy "${policy.name}" on ${code(policy.table.name.key)} (${describeCommand(policy)} for ${policy.roles.join(', ')}) ` +
            `lets a request through when ${anonymous.text}: that holds for every request made with the public anon key, no user signed in, ` +
            `so anyone can ${verbs(policy)} any row while signed-in users are held to their own. ` +
            `Server-side code should use the service role (it bypasses RLS); drop the anonymous alternative.`,
        });
        continue;
      }
      const open = openClauses(policy);
      if (open.length) {
        const who = open.some((c) => c.kind !== 'signed-in') ? 'every client the policy applies to' : 'every signed-in user';
        const rows = open.every((c) => c.kind === 'any-caller') ? 'any row it matches' : 'any row';
        reports.push({
          stmt,
          focus: clauseFocus(stmt, open[0].expr),
          message:
            `Policy "${policy.name}" on ${code(policy.table.name.key)} (${describeCommand(policy)} for ${policy.roles.join(', ')}) ` +
            `has ${open.map((c) => c.text).join(' and ')}, so ${who} can ${verbs(policy)} ${rows}, including other users' rows. ` +
            `Scope it to the owner, e.g. \`using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id)\`.`,
        });
        continue;
      }
      const read = openRead(policy, ctx.model);
      if (read) reports.push({ stmt, focus: clauseFocus(stmt, policy.using), ...describeOpenRead(policy, read) });
    }
    return reports;
  },
};

/** A USING / WITH CHECK with an alternative every anonymous request meets, for a policy anon is subject to. */
function anonymousOpening(policy: Policy): { clause: PgNode; text: string } | undefined {
  if (!policy.permissive || !policy.roles.some((r) => r === 'public' || r === 'anon')) return undefined;
  for (const clause of [policy.command === 'insert' ? undefined : policy.using, policy.command === 'delete' || policy.command === 'select' ? undefined : policy.withCheck]) {
    const alt = clause && anonymousAlternative(clause);
    if (alt) return { clause, text: describeAnonymous(alt) };
  }
  return undefined;
}

interface OpenClause {
  kind: 'true' | 'signed-in' | 'any-caller';
  text: string;
  expr: PgNode;
}

/** The USING / WITH CHECK clauses of a write policy that let every caller through (empty when none or not applicable). */
function openClauses(policy: Policy): OpenClause[] {
  if (!policy.permissive || policy.command === 'select' || !appliesToApiRoles(policy)) return [];
  // A restrictive policy that ties the command to the caller bounds what this one opens.
  if (policy.command !== 'all' && restrictedBy(policy.table, policy.command, ignoresCaller)) return [];
  const out: OpenClause[] = [];
  const judge = (expr: PgNode | undefined, label: string) => {
    if (!expr) return;
    if (constTruth(expr) === true) out.push({ kind: 'true', text: `${label} (true)`, expr });
    else if (isIdentityTautology(expr)) out.push({ kind: 'signed-in', text: `a ${label} that only checks the caller is signed in`, expr });
    // Rows picked by what they hold (`bucket_id = 'avatars'`), not by who asks: everyone may change all of them.
    else if (label === 'USING' && constTruth(expr) !== false && ignoresCaller(expr)) {
      out.push({ kind: 'any-caller', text: 'a USING that never checks who the caller is', expr });
    }
  };
  if (policy.command !== 'insert') judge(policy.using, 'USING');
  if (policy.command !== 'delete') judge(policy.withCheck, 'WITH CHECK');
  return out;
}

function verbs(policy: Policy): string {
  switch (policy.command) {
    case 'insert':
      return 'insert';
    case 'update':
      return 'rewrite';
    case 'delete':
      return 'delete';
    case 'select':
      return 'read';
    default:
      return 'read, rewrite or delete';
  }
}
