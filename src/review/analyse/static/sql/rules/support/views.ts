import type { View } from '../../model/types.js';
import type { SqlRuleContext } from './rule-api.js';
import { apiRolesWithAccess } from './access.js';
import { lastChanged } from './anchors.js';

/** Live views and materialized views in exposed schemas that anon/authenticated can select from, with their changed statement. */
export function changedApiViews(ctx: SqlRuleContext): { view: View; roles: string[]; stmt: NonNullable<ReturnType<typeof lastChanged>> }[] {
  const out = [];
  for (const view of ctx.model.views.values()) {
    if (view.dropped) continue;
    const stmt = lastChanged(view.definedBy);
    if (!stmt) continue;
    const roles = apiRolesWithAccess(ctx, view.name.schema, view.grants);
    if (roles.length) out.push({ view, roles, stmt });
  }
  return out;
}

/** True when a view runs with its owner's rights: every materialized view, and views without security_invoker. */
export function bypassesRls(ctx: SqlRuleContext, view: View): boolean {
  return view.materialized || !view.securityInvoker || ctx.pgMajor < 15;
}

export const AUTH_USERS = 'auth.users';
