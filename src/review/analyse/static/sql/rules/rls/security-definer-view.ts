import { callName } from '../../ast/expr.js';
import { as } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import type { View } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { describeAudience } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { AUTH_USERS, bypassesRls, changedApiViews, protectedSourcesOf } from '../support/views.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const securityDefinerView: SqlRule = {
  meta: ruleMeta('security-definer-view'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { view, roles, stmt } of changedApiViews(ctx)) {
      // auth-users-exposed reports views over auth.users; one comment per view is enough.
      if (view.sources.includes(AUTH_USERS) || !bypassesRls(ctx, view) || filtersByCaller(view)) continue;
      const protectedSources = protectedSourcesOf(ctx.model, view, roles);
      if (!protectedSources.length) continue;
      const tables = listOf(protectedSources.map(code));
      const fix = view.materialized
        ? 'Move it to a schema the API does not expose, or `revoke select` on it from anon and authenticated and ' +
          'serve it through a function that filters by `auth.uid()`.'
        : ctx.pgMajor >= 15
          ? `Create it \`with (security_invoker = true)\` so the callers' RLS policies apply.`
          : 'On PostgreSQL < 15 move it to a private schema or filter by `auth.uid()` inside the view.';
      reports.push({
        stmt,
        message:
          `${view.materialized ? 'Materialized view' : 'View'} ${code(view.name.key)} reads ${tables}, which ${protectedSources.length > 1 ? 'are' : 'is'} ` +
          `protected by row level security, but runs with its owner's rights, so ${describeAudience(roles)} sees every ` +
          `user's rows through the Data API. ${fix}`,
      });
    }
    return reports;
  },
};

/** A view whose WHERE compares with auth.uid()/auth.jwt() already scopes rows to the caller. */
function filtersByCaller(view: View): boolean {
  const where = as(view.query, 'SelectStmt')?.whereClause;
  let found = false;
  walk(where, (v) => {
    if (v.tag === 'FuncCall' && ['auth.uid', 'auth.jwt'].includes(callName(v.node) ?? '')) found = true;
  });
  return found && !view.materialized;
}

