import type { Table } from '../model/types.js';
import type { SqlReport, SqlRule } from '../rule-api.js';
import { apiRolesWithAccess, describeExposure, knownTables } from './support/access.js';
import { ignoredPolicyReports } from './policy-exists-rls-disabled.js';
import { changedRlsDisables } from './support/anchors.js';
import { code } from './support/format.js';

export const rlsDisabledOnExposedTable: SqlRule = {
  meta: {
    id: 'rls-disabled-on-exposed-table',
    category: 'rls',
    severity: 'high',
    title: 'Table in an exposed schema without row level security',
    rationale:
      'Supabase serves every table of the exposed schemas (supabase/config.toml [api] schemas) through the Data API, ' +
      'and the anon and authenticated roles hold table privileges by default. Without row level security any client ' +
      'with the public anon key can read and modify every row. Enable RLS in the migration that creates the table and ' +
      'add policies for the access the app needs, or revoke the API roles when only the backend uses the table.',
    anchors: ['splinter 0013 rls_disabled_in_public', 'splinter 0023 sensitive_columns_exposed', 'Supabase docs: Row Level Security'],
  },
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
