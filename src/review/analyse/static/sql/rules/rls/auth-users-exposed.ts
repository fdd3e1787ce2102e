import type { SqlReport, SqlRule } from '../../rule-api.js';
import { describeAudience } from '../support/access.js';
import { code } from '../support/format.js';
import { AUTH_USERS, bypassesRls, changedApiViews } from '../support/views.js';
import { ruleMeta } from '../../../catalog/index.js';

export const authUsersExposed: SqlRule = {
  meta: ruleMeta('auth-users-exposed'),
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
