import { audience, code, rolesOf, type LiveLint } from './lint-api.js';
import { TABLE_ACCESS_SQL } from './table-access.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const policyExistsRlsDisabledLint: LiveLint = {
  meta: ruleMeta('policy-exists-rls-disabled'),
  supabaseOnly: false,
  sql: TABLE_ACCESS_SQL,
  // On the last policy the pull request wrote, as the static rule does; else where RLS was left off.
  preferAnchorOn: ['CreatePolicyStmt', 'AlterPolicyStmt'],
  report(row) {
    // rls-disabled-on-exposed-table stays quiet on a table with policies: say what the API roles can do here.
    if (row.rls || !Number(row.policies)) return undefined;
    const table = `${row.schema}.${row.name}`;
    const roles = row.exposed ? rolesOf(row.roles) : [];
    const open = roles.length ? `, and ${roles.join(' and ')} hold privileges on it: ${audience(roles)} can read and change every row through the Data API` : '';
    return {
      // The policies and the table: the latest of their statements is where RLS was left off.
      keys: [`rel:${table}`, ...rolesOf(row.policy_names).map((p) => `policy:${table}.${p}`)],
      message:
        `After the migrations ran, ${code(table)} has ${row.policies} polic${Number(row.policies) === 1 ? 'y' : 'ies'} but row level ` +
        `security is off, so PostgreSQL ignores them${open}. Enable it: \`alter table ${table} enable row level security;\`.`,
    };
  },
};
