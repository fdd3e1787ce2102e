import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { apiReaders, describeAudience } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { AUTH_USERS, changedApiViews, protectedSourcesOf } from '../support/views.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * A materialized view the pull request creates in an exposed schema, selectable by the API roles.
 * Row level security never applies to a materialized view: the Data API serves every row it holds.
 * Over RLS-protected tables security-definer-view reports it (high), over auth.users auth-users-exposed.
 */
export const materializedViewInApi: SqlRule = {
  meta: ruleMeta('materialized-view-in-api'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { view, stmt } of changedApiViews(ctx)) {
      const roles = apiReaders(ctx, view.name.schema, view.grants);
      if (!view.materialized || !roles.length || view.sources.includes(AUTH_USERS) || protectedSourcesOf(ctx.model, view, roles).length) continue;
      // What it copies out of schemas the API does not serve is served through it now.
      const hidden = view.sources.filter((key) => !ctx.exposed(key.split('.')[0]));
      reports.push({
        stmt,
        severity: hidden.length ? 'medium' : undefined,
        message:
          `Materialized view ${code(view.name.key)} is in the exposed ${code(view.name.schema)} schema and ${listOf(roles)} can select it: ` +
          `row level security does not apply to a materialized view, so ${describeAudience(roles)} reads every row it holds through the Data API` +
          (hidden.length ? `, copied from ${listOf(hidden.map(code))}, which the API does not serve. ` : '. ') +
          `If that is not meant, create it in a private schema, or \`revoke select on ${view.name.key} from anon, authenticated;\` ` +
          `and serve what callers may see through a view \`with (security_invoker = true)\` or a function.`,
      });
    }
    return reports;
  },
};
