import { constTruth } from '../../ast/expr.js';
import type { SchemaModel, Table, View } from '../../model/types.js';
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

/** The RLS-protected tables a view reads (directly or through owner-rights views) whose rows RLS hides from one of `roles`. */
export function protectedSourcesOf(model: SchemaModel, view: View, roles: readonly string[]): string[] {
  return rlsSources(model, view, 0).filter((key) => hidesRowsFrom(model.tables.get(key), roles));
}

/** The RLS-enabled tables a view reads, directly or through other owner-rights views. */
function rlsSources(model: SchemaModel, view: View, depth: number): string[] {
  const out: string[] = [];
  for (const key of view.sources) {
    const table = model.tables.get(key);
    if (table && !table.dropped && table.rls) out.push(key);
    const inner = model.views.get(key);
    if (inner && !inner.dropped && depth < 5 && (inner.materialized || !inner.securityInvoker)) out.push(...rlsSources(model, inner, depth + 1));
  }
  return [...new Set(out)];
}

/**
 * True when RLS keeps some rows of the table from one of the roles: a table whose SELECT policies
 * already show every row to all of them (`using (true)` for anon and authenticated) loses nothing
 * to an owner-rights view.
 */
function hidesRowsFrom(table: Table | undefined, roles: readonly string[]): boolean {
  if (!table) return true;
  const policies = [...table.policies.values()].filter((p) => p.command === 'select' || p.command === 'all');
  if (policies.some((p) => !p.permissive)) return true;
  const readsAll = (role: string) =>
    policies.some((p) => (p.roles.includes(role) || p.roles.includes('public')) && constTruth(p.using) === true);
  return !roles.every(readsAll);
}
