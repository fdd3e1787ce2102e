import type { SqlReport, SqlRule } from '../../rule-api.js';
import { knownTables } from '../support/access.js';
import { changedRlsDisables } from '../support/anchors.js';
import { code } from '../support/format.js';
import { reportsOnTable } from './rls-disabled-on-exposed-table.js';
import { ruleMeta } from '../../../catalog/index.js';

export const policyExistsRlsDisabled: SqlRule = {
  meta: ruleMeta('policy-exists-rls-disabled'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of knownTables(ctx)) {
      if (table.rls || table.policies.size === 0 || reportsOnTable(ctx, table)) continue;
      const name = code(table.name.key);
      const disables = changedRlsDisables(table);
      const fix = `Enable it with \`alter table ${table.name.key} enable row level security;\`.`;
      if (disables.length) {
        for (const stmt of disables) {
          reports.push({ stmt, message: `Row level security is disabled on ${name}, so its ${table.policies.size} policies are ignored. ${fix}` });
        }
        continue;
      }
      const policy = [...table.policies.values()].find((p) => p.definedBy.some((s) => s.changed));
      const stmt = policy?.definedBy.find((s) => s.changed);
      if (policy && stmt) {
        reports.push({ stmt, message: `Policy "${policy.name}" is never enforced: row level security is not enabled on ${name}. ${fix}` });
      }
    }
    return reports;
  },
};
