import { code, rolesOf, type LiveLint } from './lint-api.js';
import { TABLE_ACCESS_SQL } from './table-access.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const grantToAnonLint: LiveLint = {
  meta: ruleMeta('grant-to-anon'),
  supabaseOnly: true,
  sql: TABLE_ACCESS_SQL,
  anchorOn: ['GrantStmt'],
  report(row) {
    const writers = rolesOf(row.writers);
    if (row.rls || !row.exposed || !writers.length) return undefined;
    const table = `${row.schema}.${row.name}`;
    return {
      keys: [`rel:${table}`],
      message:
        `After this grant, ${writers.join(' and ')} can insert, update or delete rows of ${code(table)}, whose row level security ` +
        `is off: any client of the Data API can forge, rewrite or wipe them. Keep RLS on, and grant only what clients need.`,
    };
  },
};
