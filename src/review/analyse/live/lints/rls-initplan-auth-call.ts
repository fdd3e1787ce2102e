import { code, type LiveLint } from './lint-api.js';
import { POLICIES_SQL, policyKey } from './policies.js';
import { ruleMeta } from '../../../../catalog/index.js';

const CALL = /\b(auth\.(uid|jwt|role|email)|current_setting)\(/gi;
const WRAPPED = /SELECT (auth\.(uid|jwt|role|email)|current_setting)\(/gi;

export const initplanLint: LiveLint = {
  meta: ruleMeta('rls-initplan-auth-call'),
  supabaseOnly: true,
  // Storage objects are always read through the Storage API, as the user.
  apiTable: (row) => (row.schema === 'storage' ? undefined : String(row.tbl)),
  sql: POLICIES_SQL,
  report(row) {
    // Policies of a table whose RLS is off are not evaluated: no per-row cost yet.
    if (!row.rls) return undefined;
    const text = `${row.qual} ${row.chk}`;
    const bare = (text.match(CALL)?.length ?? 0) - (text.match(WRAPPED)?.length ?? 0);
    if (bare <= 0) return undefined;
    return {
      keys: [policyKey(row)],
      message:
        `PostgreSQL stores policy "${row.name}" on ${code(`${row.schema}.${row.tbl}`)} with ${bare} bare call${bare > 1 ? 's' : ''} to ` +
        `auth functions, evaluated once per row. Wrap each in a sub-select, e.g. \`(select auth.uid()) = user_id\`, so it runs once per statement.`,
    };
  },
};
