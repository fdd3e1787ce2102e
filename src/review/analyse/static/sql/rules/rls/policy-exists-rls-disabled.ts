import type { Table } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { apiRolesWithAccess, describeExposure, knownTables } from '../support/access.js';
import { changedRlsDisables, lastChanged } from '../support/anchors.js';
import { code } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const policyExistsRlsDisabled: SqlRule = {
  meta: ruleMeta('policy-exists-rls-disabled'),
  check(ctx) {
    return knownTables(ctx).flatMap((table) => ignoredPolicyReports(ctx, table));
  },
};

/**
 * The reports on a table that has policies but row level security off: on each changed statement that
 * disabled RLS, else on the last policy the pull request wrote. rls-disabled-on-exposed-table stays
 * quiet on a table reported here.
 */
export function ignoredPolicyReports(ctx: SqlRuleContext, table: Table): SqlReport[] {
  if (table.rls || table.policies.size === 0) return [];
  const name = code(table.name.key);
  const roles = apiRolesWithAccess(ctx, table.name.schema, table.grants);
  const open = roles.length ? `, and ${describeExposure(table, roles)}` : '';
  const fix = `Enable it with \`alter table ${table.name.key} enable row level security;\`.`;
  const disables = changedRlsDisables(table);
  if (disables.length) {
    const count = table.policies.size;
    return disables.map((stmt) => ({ stmt, message: `Row level security is disabled on ${name}, so its ${count} polic${count === 1 ? 'y is' : 'ies are'} ignored${open}. ${fix}` }));
  }
  // The last policy the pull request wrote, where the live lint anchors the same finding too.
  const written = [...table.policies.values()].flatMap((policy) => {
    const stmt = lastChanged(policy.definedBy);
    return stmt ? [{ policy, stmt }] : [];
  });
  const last = written.sort((a, b) => a.stmt.id - b.stmt.id).pop();
  if (!last) return [];
  return [{ stmt: last.stmt, message: `Policy "${last.policy.name}" is never enforced: row level security is not enabled on ${name}${open}. ${fix}` }];
}
