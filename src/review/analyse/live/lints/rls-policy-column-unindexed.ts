import { code, rolesOf, type LiveLint } from './lint-api.js';
import { POLICIES_SQL, policyKey } from './policies.js';
import { columnsComparedWithUid } from '../probes/owner-column.js';
import { ruleMeta } from '../../../../catalog/index.js';


export const policyColumnUnindexedLint: LiveLint = {
  meta: ruleMeta('rls-policy-column-unindexed'),
  supabaseOnly: true,
  sql: POLICIES_SQL,
  report(row) {
    const leading = new Set(rolesOf(row.leading));
    const own = new Set(rolesOf(row.columns));
    const columns = new Set(columnsComparedWithUid(`${row.qual} ${row.chk}`, String(row.tbl)).filter((c) => own.has(c) && !leading.has(c)));
    if (!columns.size) return undefined;
    const table = `${row.schema}.${row.tbl}`;
    const cols = [...columns];
    return {
      keys: [policyKey(row)],
      message:
        `Policy "${row.name}" compares ${cols.map(code).join(', ')} with auth.uid(), and no index on ${code(table)} leads with ` +
        `${cols.length > 1 ? 'them' : 'it'}: every policy check scans the table. Add \`create index on ${table} (${cols[0]});\`.`,
    };
  },
};
