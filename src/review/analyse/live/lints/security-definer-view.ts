import { audience, code, rolesOf, type LiveLint } from './lint-api.js';
import { VIEWS_SQL, bypassesRls } from './views.js';
import { ruleMeta } from '../../static/catalog/index.js';

export const securityDefinerViewLint: LiveLint = {
  meta: ruleMeta('security-definer-view'),
  supabaseOnly: true,
  sql: VIEWS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    const protectedSources = rolesOf(row.rls_sources);
    if (rolesOf(row.sources).includes('auth.users') || !roles.length || !bypassesRls(row) || !protectedSources.length) return undefined;
    if (row.kind !== 'm' && row.filters_by_caller) return undefined;
    const view = `${row.schema}.${row.name}`;
    return {
      keys: [`rel:${view}`],
      message:
        `${row.kind === 'm' ? 'Materialized view' : 'View'} ${code(view)} reads ${protectedSources.map(code).join(', ')} (row level ` +
        `security on) with its owner's rights, and ${roles.join(' and ')} may select from it: ${audience(roles)} sees every ` +
        `user's rows. ${row.kind === 'm' ? 'Keep it out of the exposed schemas.' : 'Create it `with (security_invoker = true)`.'}`,
    };
  },
};
