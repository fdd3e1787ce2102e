import { code, rolesOf, type LiveLint } from './lint-api.js';
import { DEFINER_FUNCTIONS_SQL, funcKey, signatureOf } from './functions.js';
import { unqualifiedNames } from '../../static/sql/rules/support/unqualified-names.js';
import { ruleMeta } from '../../static/catalog/index.js';

export const functionSearchPathLint: LiveLint = {
  meta: ruleMeta('function-search-path-mutable'),
  supabaseOnly: false,
  sql: DEFINER_FUNCTIONS_SQL,
  report(row) {
    if (row.pinned) return undefined;
    // Every table and project function the body names is qualified: hygiene, at low severity (see the static rule).
    const names = Array.isArray(row.project_functions) ? (row.project_functions as string[]) : [];
    const hygiene = typeof row.body === 'string' && !!row.body && !unqualifiedNames(row.body, new Set(names)).length;
    const roles = rolesOf(row.roles);
    const exposed = row.exposed && roles.length ? ` ${roles.join(' and ')} can also call it through the Data API.` : '';
    return {
      severity: hygiene ? 'low' : undefined,
      keys: [funcKey(row)],
      message:
        `PostgreSQL holds SECURITY DEFINER function ${code(signatureOf(row))} without a \`search_path\` setting, so unqualified ` +
        `names in its body resolve through the caller's search_path while it runs with its owner's rights. Add ` +
        `\`set search_path = ''\` and qualify every name.${exposed}`,
    };
  },
};
