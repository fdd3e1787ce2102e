import type { Policy } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { insertWithoutCheckMessage } from '../support/insert-without-check.js';
import { changedPolicies, rlsKnownOff } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * A permissive FOR INSERT policy written without WITH CHECK. PostgreSQL stores no check for it
 * (`polwithcheck` is null) and then admits no new row through it: every insert it was meant to allow
 * fails with "new row violates row-level security policy". The policy is dead; its author surely
 * meant a check on who inserts.
 */
export const rlsInsertPolicyWithoutCheck: SqlRule = {
  meta: ruleMeta('rls-insert-policy-without-check'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx, { external: true })) {
      // While RLS is off no policy is applied: policy-exists-rls-disabled reports the table.
      if (!policy.permissive || policy.command !== 'insert' || policy.withCheck || rlsKnownOff(policy.table)) continue;
      reports.push({ stmt, message: insertWithoutCheckMessage(policy.name, policy.table.name.key, policy.roles, othersAdmit(policy)) });
    }
    return reports;
  },
};

/** True when another permissive INSERT or ALL policy of the table lets rows in for a role of this one. */
function othersAdmit(policy: Policy): boolean {
  return [...policy.table.policies.values()].some(
    (p) => p !== policy && p.permissive && (p.command === 'insert' || p.command === 'all') && (p.withCheck ?? p.using) !== undefined && p.roles.some((r) => r === 'public' || policy.roles.includes(r)),
  );
}
