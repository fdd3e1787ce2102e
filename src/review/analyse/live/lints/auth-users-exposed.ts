import { audience, code, rolesOf, type LintReport, type LiveLint } from './lint-api.js';
import { VIEWS_SQL, bypassesRls } from './views.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const authUsersExposedLint: LiveLint = {
  meta: ruleMeta('auth-users-exposed'),
  supabaseOnly: true,
  sql: VIEWS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    if (!rolesOf(row.sources).includes('auth.users') || !roles.length) return undefined;
    const view = `${row.schema}.${row.name}`;
    if (!bypassesRls(row)) return invokerReport(row, view, roles);
    return {
      keys: [`rel:${view}`],
      message:
        `${row.kind === 'm' ? 'Materialized view' : 'View'} ${code(view)} reads \`auth.users\` with its owner's rights and ` +
        `${roles.join(' and ')} may select from it, so ${audience(roles)} can list every user's email, phone and metadata. ` +
        `Move it to a private schema, or serve public profile fields from a table with RLS.`,
    };
  },
};

/** A security_invoker view reads auth.users as the caller: every user for callers granted SELECT while it has no RLS. */
function invokerReport(row: Record<string, unknown>, view: string, roles: string[]): LintReport | undefined {
  if (rolesOf(row.rls_sources).includes('auth.users')) return undefined;
  const readers = rolesOf(row.auth_users_readers).filter((r) => roles.includes(r));
  if (readers.length) {
    return {
      keys: [`rel:${view}`],
      message:
        `View ${code(view)} reads \`auth.users\` as the caller, and ${readers.join(' and ')} hold SELECT on it while it has no row ` +
        `level security, so ${audience(readers)} can list every user's email, phone and metadata through it.`,
    };
  }
  return {
    keys: [`rel:${view}`],
    severity: 'low',
    message:
      `View ${code(view)} reads \`auth.users\` as the caller, and ${roles.join(' and ')} hold no SELECT on \`auth.users\`: it fails ` +
      `for them, and granting that SELECT would show every user, since \`auth.users\` has no row level security.`,
  };
}
