import { audience, code, rolesOf, type LiveLint, type LintReport } from './lint-api.js';
import { VIEWS_SQL, bypassesRls } from './views.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const securityDefinerViewLint: LiveLint = {
  meta: ruleMeta('security-definer-view'),
  supabaseOnly: true,
  sql: VIEWS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    // auth-users-exposed reports views over auth.users; one comment per view is enough.
    if (rolesOf(row.sources).includes('auth.users') || !roles.length || !bypassesRls(row)) return undefined;
    if (row.kind !== 'm' && row.filters_by_caller) return undefined;
    const view = `${row.schema}.${row.name}`;
    const underRls = rolesOf(row.rls_sources);
    // A relation the readers may not select themselves is as protected as one under RLS: the owner's rights read it for them.
    const ungranted = rolesOf(row.hidden_sources).filter((s) => !underRls.includes(s));
    if (!underRls.length && !ungranted.length) return row.kind === 'v' ? unprotectedReport(row, view, roles) : undefined;
    const reads = [
      underRls.length ? `${underRls.map(code).join(', ')} (row level security on)` : '',
      ungranted.length ? `${ungranted.map(code).join(', ')} (which ${roles.join(' and ')} may not select directly)` : '',
    ].filter(Boolean);
    return {
      keys: [`rel:${view}`],
      message:
        `${row.kind === 'm' ? 'Materialized view' : 'View'} ${code(view)} reads ${reads.join(' and ')} with its owner's rights, ` +
        `and ${roles.join(' and ')} may select from it: ${audience(roles)} sees every row of ${underRls.length + ungranted.length > 1 ? 'them' : 'it'}. ` +
        `${row.kind === 'm' ? 'Keep it out of the exposed schemas.' : 'Create it `with (security_invoker = true)`.'}`,
    };
  },
};

/**
 * A view in an exposed schema without security_invoker that reads nothing its readers could not
 * read themselves: nothing leaks today, but it will bypass RLS on whatever it reads once that is
 * protected, and Supabase's Security Advisor lists it as an error. Low, with the one-line fix.
 */
function unprotectedReport(row: Record<string, unknown>, view: string, roles: string[]): LintReport | undefined {
  if (row.invoker_supported !== true) return undefined;
  return {
    keys: [`rel:${view}`],
    severity: 'low',
    message:
      `View ${code(view)} runs with its owner's rights (no \`security_invoker\`) and ${roles.join(' and ')} may select from it. ` +
      `It reads nothing they could not read themselves today, but it will bypass row level security on any table it reads once ` +
      `that table has RLS, and Supabase's Security Advisor reports every such view as an error. Create it \`with (security_invoker = true)\`.`,
  };
}
