import { audience, code, rolesOf, type LiveLint } from './lint-api.js';
import { VIEWS_SQL, bypassesRls } from './views.js';
import { ruleMeta } from '../../static/catalog/index.js';

export const authUsersExposedLint: LiveLint = {
  meta: ruleMeta('auth-users-exposed'),
  supabaseOnly: true,
  sql: VIEWS_SQL,
  report(row) {
    const roles = rolesOf(row.roles);
    if (!rolesOf(row.sources).includes('auth.users') || !roles.length || !bypassesRls(row)) return undefined;
    const view = `${row.schema}.${row.name}`;
    return {
      keys: [`rel:${view}`],
      message:
        `${row.kind === 'm' ? 'Materialized view' : 'View'} ${code(view)} reads \`auth.users\` with its owner's rights and ` +
        `${roles.join(' and ')} may select from it, so ${audience(roles)} can list every user's email, phone and metadata. ` +
        `Move it to a private schema, or serve public profile fields from a table with RLS.`,
    };
  },
};
