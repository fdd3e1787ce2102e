import { code, rolesOf, TABLE_STATEMENTS, type LiveLint } from './lint-api.js';
import { TABLE_ACCESS_SQL } from './table-access.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const rlsEnabledNoPolicyLint: LiveLint = {
  meta: ruleMeta('rls-enabled-no-policy'),
  supabaseOnly: true,
  sql: TABLE_ACCESS_SQL,
  preferAnchorOn: TABLE_STATEMENTS,
  report(row) {
    if (!row.rls || Number(row.policies) || !row.exposed || !rolesOf(row.roles).length) return undefined;
    const table = `${row.schema}.${row.name}`;
    return {
      keys: [`rel:${table}`],
      message:
        `After the migrations ran, ${code(table)} has row level security on and no policy, while ${rolesOf(row.roles).join(' and ')} ` +
        `hold privileges on it: every client query sees no rows and every write fails. Add the policies the clients need, or ` +
        `revoke the table from anon and authenticated if only the service role uses it.`,
    };
  },
};
