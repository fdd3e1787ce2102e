import { roleCanAccess } from '../../model/store.js';
import type { View } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { describeAudience } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { AUTH_USERS, bypassesRls, changedApiViews } from '../support/views.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const authUsersExposed: SqlRule = {
  meta: ruleMeta('auth-users-exposed'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { view, roles, stmt } of changedApiViews(ctx)) {
      if (!view.sources.includes(AUTH_USERS)) continue;
      if (bypassesRls(ctx, view)) {
        const kind = view.materialized ? 'Materialized view' : 'View';
        reports.push({
          stmt,
          message:
            `${kind} ${code(view.name.key)} selects from ${code(AUTH_USERS)} in the exposed ${code(view.name.schema)} schema ` +
            `and runs with its owner's rights, so ${describeAudience(roles)} can list every user's email, phone and ` +
            `metadata through the Data API. Move it to a private schema, or serve public profile fields from a ` +
            `\`profiles\` table with RLS.`,
        });
        continue;
      }
      const invoker = invokerReport(ctx, view, roles);
      if (invoker) reports.push({ stmt, ...invoker });
    }
    return reports;
  },
};

/** A security_invoker view over auth.users: open to the callers who hold SELECT on it while it has no RLS. */
function invokerReport(ctx: SqlRuleContext, view: View, roles: string[]): Omit<SqlReport, 'stmt'> | undefined {
  const users = ctx.model.tables.get(AUTH_USERS);
  // Supabase creates auth.users without RLS; a migration that enabled it decides what callers see.
  if (users?.rls) return undefined;
  const readers = users ? roles.filter((role) => roleCanAccess({ model: ctx.model, schema: 'auth', grants: users.grants, role })) : [];
  const name = code(view.name.key);
  if (readers.length) {
    return {
      message:
        `View ${name} reads ${code(AUTH_USERS)} as the caller, and ${listOf(readers)} hold${readers.length === 1 ? 's' : ''} SELECT on it while it has ` +
        `no row level security, so ${describeAudience(readers)} can list every user's email, phone and metadata through the ` +
        `Data API. Revoke that grant and serve public profile fields from a \`profiles\` table with RLS.`,
    };
  }
  return {
    severity: 'low',
    message:
      `View ${name} reads ${code(AUTH_USERS)} as the caller, but ${listOf(roles)} hold no SELECT on ${code(AUTH_USERS)}, so ` +
      `it fails for them (permission denied for table users). Granting that SELECT to make it work would show every user's ` +
      `email and metadata, since ${code(AUTH_USERS)} has no row level security: copy the public fields into a ` +
      `\`profiles\` table with RLS instead.`,
  };
}
