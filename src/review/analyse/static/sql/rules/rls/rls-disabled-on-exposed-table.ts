import type { Table } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../../rule-api.js';
import { apiRolesWithAccess, describeAudience, knownTables } from '../support/access.js';
import { changedRlsDisables } from '../support/anchors.js';
import { code, listOf, sensitiveColumns } from '../support/format.js';
import { ruleMeta } from '../../../catalog/index.js';

export const rlsDisabledOnExposedTable: SqlRule = {
  meta: ruleMeta('rls-disabled-on-exposed-table'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of knownTables(ctx)) {
      if (table.rls) continue;
      const roles = apiRolesWithAccess(ctx, table.name.schema, table.grants);
      if (!roles.length) continue;
      if (table.created?.changed) reports.push({ stmt: table.created, message: createdMessage(table, roles) });
      for (const stmt of changedRlsDisables(table)) reports.push({ stmt, message: disabledMessage(table, roles) });
    }
    return reports;
  },
};

function exposure(table: Table, roles: string[]): string {
  const sensitive = sensitiveColumns(table);
  const what = sensitive.length ? `every row, including ${listOf(sensitive.map(code))},` : 'every row';
  return `${describeAudience(roles)} can read, change and delete ${what} through the Data API`;
}

function createdMessage(table: Table, roles: string[]): string {
  const name = table.name.key;
  return (
    `${code(name)} is created in the exposed ${code(table.name.schema)} schema but row level security is never enabled, ` +
    `so ${exposure(table, roles)}. Add \`alter table ${name} enable row level security;\` with policies for the ` +
    `access the app needs, or revoke all on the table from anon and authenticated if only the backend uses it.`
  );
}

function disabledMessage(table: Table, roles: string[]): string {
  const policies = table.policies.size;
  const ignored = policies ? `, so its ${policies} polic${policies === 1 ? 'y stops' : 'ies stop'} applying and` : ' and';
  return (
    `This disables row level security on ${code(table.name.key)}${ignored} ${exposure(table, roles)}. ` +
    `Keep RLS on and add a narrow policy (or expose the needed columns through a security_invoker view) instead.`
  );
}

/** Exposed for policy-exists-rls-disabled, which stays quiet where this rule already reports. */
export function reportsOnTable(ctx: SqlRuleContext, table: Table): boolean {
  if (table.rls || !apiRolesWithAccess(ctx, table.name.schema, table.grants).length) return false;
  return !!table.created?.changed || changedRlsDisables(table).length > 0;
}
