import type { Table } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { apiRolesWithAccess, describeExposure, knownTables } from '../support/access.js';
import { ignoredPolicyReports } from './policy-exists-rls-disabled.js';
import { changedRlsDisables } from '../support/anchors.js';
import { code } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const rlsDisabledOnExposedTable: SqlRule = {
  meta: ruleMeta('rls-disabled-on-exposed-table'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of knownTables(ctx)) {
      // Policies written for a table whose RLS is off: policy-exists-rls-disabled says so, and this too.
      if (table.rls || ignoredPolicyReports(ctx, table).length) continue;
      const roles = apiRolesWithAccess(ctx, table.name.schema, table.grants);
      if (!roles.length) continue;
      if (table.created?.changed) reports.push({ stmt: table.created, message: createdMessage(table, roles) });
      for (const stmt of changedRlsDisables(table)) reports.push({ stmt, message: disabledMessage(table, roles) });
    }
    return reports;
  },
};

function createdMessage(table: Table, roles: string[]): string {
  const name = table.name.key;
  return (
    `${code(name)} is created in the exposed ${code(table.name.schema)} schema but row level security is never enabled, ` +
    `so ${describeExposure(table, roles)}. Add \`alter table ${name} enable row level security;\` with policies for the ` +
    `access the app needs, or revoke all on the table from anon and authenticated if only the backend uses it.`
  );
}

/** A table with policies is policy-exists-rls-disabled's to report, so this one has none. */
function disabledMessage(table: Table, roles: string[]): string {
  return (
    `This disables row level security on ${code(table.name.key)} and ${describeExposure(table, roles)}. ` +
    `Keep RLS on and add a narrow policy (or expose the needed columns through a security_invoker view) instead.`
  );
}
