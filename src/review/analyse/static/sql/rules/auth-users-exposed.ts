import type { SqlReport, SqlRule } from '../rule-api.js';
import { describeAudience } from './support/access.js';
import { code } from './support/format.js';
import { AUTH_USERS, bypassesRls, changedApiViews } from './support/views.js';

export const authUsersExposed: SqlRule = {
  meta: {
    id: 'auth-users-exposed',
    category: 'rls',
    severity: 'high',
    title: 'View exposes auth.users through the Data API',
    rationale:
      'auth.users holds every account\'s email, phone, metadata and sign-in history. A view or materialized view ' +
      'over it in an exposed schema runs with its owner\'s rights, so the API roles read all of it. Keep such views ' +
      'in a private schema, or copy only the public fields into a profiles table protected by RLS.',
    anchors: ['splinter 0002 auth_users_exposed'],
  },
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { view, roles, stmt } of changedApiViews(ctx)) {
      if (!view.sources.includes(AUTH_USERS) || !bypassesRls(ctx, view)) continue;
      const kind = view.materialized ? 'Materialized view' : 'View';
      reports.push({
        stmt,
        message:
          `${kind} ${code(view.name.key)} selects from ${code(AUTH_USERS)} in the exposed ${code(view.name.schema)} schema ` +
          `and runs with its owner's rights, so ${describeAudience(roles)} can list every user's email, phone and ` +
          `metadata through the Data API. Move it to a private schema, or serve public profile fields from a ` +
          `\`profiles\` table with RLS.`,
      });
    }
    return reports;
  },
};
