import { code, rolesOf, type LiveLint } from './lint-api.js';
import { TABLE_ACCESS_SQL } from './table-access.js';
import { ruleMeta } from '../../static/catalog/index.js';

export const policyExistsRlsDisabledLint: LiveLint = {
  meta: ruleMeta('policy-exists-rls-disabled'),
  supabaseOnly: false,
  sql: TABLE_ACCESS_SQL,
  report(row) {
    // Where the API roles reach the table, rls-disabled-on-exposed-table already says it.
    if (row.rls || !Number(row.policies) || (row.exposed && rolesOf(row.roles).length)) return undefined;
    const table = `${row.schema}.${row.name}`;
    return {
      // The policies and the table: the latest of their statements is where RLS was left off.
      keys: [`rel:${table}`, ...rolesOf(row.policy_names).map((p) => `policy:${table}.${p}`)],
      message:
        `After the migrations ran, ${code(table)} has ${row.policies} polic${Number(row.policies) === 1 ? 'y' : 'ies'} but row level ` +
        `security is off, so PostgreSQL ignores them. Enable it: \`alter table ${table} enable row level security;\`.`,
    };
  },
};
