import { audience, code, rolesOf, type LiveLint } from './lint-api.js';
import { VIEWS_SQL } from './views.js';
import { ruleMeta } from '../../../../catalog/index.js';

/**
 * A materialized view of an exposed schema the API roles can select, over nothing RLS protects and
 * nothing they could not read themselves (security-definer-view reports those, auth-users-exposed
 * those over auth.users): row level security never applies to it, so every row it holds is served.
 */
export const materializedViewInApiLint: LiveLint = {
  meta: ruleMeta('materialized-view-in-api'),
  supabaseOnly: true,
  sql: VIEWS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    if (row.kind !== 'm' || !roles.length || rolesOf(row.sources).includes('auth.users')) return undefined;
    if (rolesOf(row.rls_sources).length || rolesOf(row.hidden_sources).length) return undefined;
    const view = `${row.schema}.${row.name}`;
    return {
      keys: [`rel:${view}`],
      message:
        `PostgreSQL serves materialized view ${code(view)} to ${roles.join(' and ')} (SELECT granted, usage on ${code(row.schema)}): ` +
        `row level security does not apply to it, so ${audience(roles)} reads every row it holds.`,
    };
  },
};
