import { code, rolesOf, type LiveLint } from './lint-api.js';
import { COMMANDS, POLICIES_SQL, forApiRoles, policyKey } from './policies.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const rlsPolicyAlwaysTrueLint: LiveLint = {
  meta: ruleMeta('rls-policy-always-true'),
  supabaseOnly: true,
  sql: POLICIES_SQL,
  report(row) {
    const cmd = COMMANDS[String(row.cmd)];
    // While RLS is off the policy is not applied; policy-exists-rls-disabled reports the table.
    if (!row.rls || !row.permissive || cmd === 'select' || !forApiRoles(rolesOf(row.roles))) return undefined;
    const open = [cmd !== 'insert' && row.qual === 'true' ? 'USING (true)' : '', cmd !== 'delete' && row.chk === 'true' ? 'WITH CHECK (true)' : ''].filter(Boolean);
    if (!open.length) return undefined;
    return {
      keys: [policyKey(row)],
      message:
        `PostgreSQL holds policy "${row.name}" on ${code(`${row.schema}.${row.tbl}`)} (${cmd} for ${rolesOf(row.roles).join(', ')}) with ` +
        `${open.join(' and ')}: every caller it applies to passes it for every row.`,
    };
  },
};
