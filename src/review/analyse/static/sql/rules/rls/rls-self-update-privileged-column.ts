import { tableColumnsRead } from '../../ast/expr.js';
import { ownerColumn } from '../../ast/identity.js';
import type { Policy, Table } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code, listOf } from '../support/format.js';
import { appliesToApiRoles, changedPolicies, clauseFocus } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/** Columns that grant power when a user sets them on their own row. */
const PRIVILEGED = new RegExp(
  [
    '^(is_)?(admin|super_?admin|superuser|staff|moderator)$',
    '^(user_|app_|account_)?roles?$',
    '^permissions?$',
    '^(subscription_|billing_)?(plan|tier)$',
    '^credits?$|^(credit_)?balance$',
    '^(is_)?(verified|approved|banned)$',
  ].join('|'),
  'i',
);

export const rlsSelfUpdatePrivilegedColumn: SqlRule = {
  meta: ruleMeta('rls-self-update-privileged-column'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx)) {
      if (!policy.permissive || !['update', 'all'].includes(policy.command) || !appliesToApiRoles(policy)) continue;
      const owner = ownerColumn(policy.using ?? policy.withCheck, policy.table.name.name);
      // A trigger may guard the columns; one the model could not see may too.
      if (!owner || policy.table.updateTriggers > 0 || policy.table.unknownBy.length > 0) continue;
      const open = writablePrivilegedColumns(policy, owner);
      if (!open.length) continue;
      reports.push({
        stmt,
        focus: clauseFocus(stmt, policy.using ?? policy.withCheck),
        message:
          `Policy "${policy.name}" lets a user update their own row of ${code(policy.table.name.key)}, and nothing stops ` +
          `them changing ${listOf(open.map(code))}: anyone can grant themselves that privilege through the Data API. ` +
          `Revoke table-wide UPDATE and grant it only on the editable columns (\`grant update (...) on ` +
          `${policy.table.name.key} to authenticated\`), or pin ${code(open[0])} in WITH CHECK.`,
      });
    }
    return reports;
  },
};

/** Privileged columns of the table the policy's roles may update and its WITH CHECK does not pin. */
function writablePrivilegedColumns(policy: Policy, owner: string): string[] {
  const table = policy.table;
  const pinned = tableColumnsRead(policy.withCheck, table.name.name);
  return [...table.columns.keys()].filter((c) => c !== owner && PRIVILEGED.test(c) && !pinned.has(c) && updatable(table, policy.roles, c));
}

/** True when one of the policy's API roles holds UPDATE on the whole table or on this column. */
function updatable(table: Table, roles: readonly string[], column: string): boolean {
  const apiRoles = roles.includes('public') ? ['public', 'anon', 'authenticated'] : roles;
  return apiRoles.some((r) => table.grants.get(r)?.has('update') || table.columnUpdates.get(r)?.has(column));
}
