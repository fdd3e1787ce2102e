import { code, rolesOf, type LiveLint } from './lint-api.js';
import { DEFINER_FUNCTIONS_SQL, funcKey, signatureOf } from './functions.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const securityDefinerFunctionLint: LiveLint = {
  meta: ruleMeta('security-definer-function-exposed'),
  supabaseOnly: true,
  sql: DEFINER_FUNCTIONS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    // A missing search_path is function-search-path-mutable's to report; who can call it is this lint's either way.
    if (!row.exposed || !roles.length) return undefined;
    // A boolean check of the caller that writes nothing is how policies call helpers; an RPC kept from anon that checks the caller is deliberate.
    if (row.returns_bool && row.checks_caller && !row.writes) return undefined;
    if (row.checks_caller && !roles.includes('anon')) return undefined;
    return {
      keys: [funcKey(row)],
      severity: row.checks_caller ? 'medium' : 'high',
      message:
        `PostgreSQL lets ${roles.join(' and ')} execute SECURITY DEFINER function ${code(signatureOf(row))} in the exposed ` +
        `${code(row.schema)} schema: it runs with its owner's rights and bypasses RLS${row.checks_caller ? '' : ' without checking who calls it'}. ` +
        `Move it to a private schema or \`revoke execute on function ${signatureOf(row)} from public, anon, authenticated;\`.`,
    };
  },
};
