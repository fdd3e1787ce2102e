import type { RuleMeta } from '../../rule.js';
import { chainTop, resultOf } from '../model/queries.js';
import { reads } from '../model/refs.js';
import type { RouteInfo } from '../model/fastapi.js';
import type { PythonRule } from './rule-api.js';
import { currentUserParams, dependencyChecksId, isAdminRoute, PRIVILEGED_ROUTE, usesUserScopedDb } from './support/route-auth.js';

export const meta: RuleMeta = {
  id: 'idor-missing-ownership-check',
  category: 'security',
  severity: 'high',
  title: 'Object fetched by id without an ownership check',
  rationale:
    'A route that loads `/{thing_id}` straight from the database and returns or changes it, while never using the ' +
    'authenticated user it receives, lets any signed-in user read or modify any other user\'s object by changing the ' +
    'id (Broken Object Level Authorization). Filter the query by the owner (`.where(Invoice.account_id == user.account_id)`), ' +
    'compare the owner after loading, or reuse the existing ownership helper.',
  anchors: ['OWASP API Security Top 10 2023: API1 Broken Object Level Authorization', 'CWE-639'],
};

/** Callers who legitimately see every customer's objects (support agents, staff). */
const STAFF = /agent|staff|admin|support|operator|employee|moderator|internal|service/i;
const OWNER_COLUMN = /^(user_id|owner_id|account_id|customer_id|tenant_id|org_id|organization_id|organisation_id|created_by|author_id|member_id|team_id|workspace_id|company_id|merchant_id|profile_id|client_id)$/;

const QUERY_NAMES = new Set(['execute', 'scalars', 'scalar', 'get', 'get_one', 'fetch', 'fetchrow', 'fetchval', 'first', 'one', 'one_or_none', 'all']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      const route = ctx.an.route(fn);
      if (!route) continue;
      const ids = pathIds(route);
      if (!ids.length || PRIVILEGED_ROUTE.test(route.prefix + route.path)) continue;
      const users = currentUserParams(ctx.an, route).filter((u) => !STAFF.test(u));
      if (!users.length || users.some((u) => reads(fn, u)) || isAdminRoute(ctx.an, route) || dependencyChecksId(ctx.an, route, ids) || usesUserScopedDb(ctx.an, route)) continue;
      for (const call of fn.calls) {
        if (!QUERY_NAMES.has(call.name) || !ctx.touches(call.node)) continue;
        const rows = resultOf(ctx.an, call.node, call.scope);
        if (!rows || rows.exec !== call.node || rows.stmt.kind === 'supabase') continue;
        const usesId = ids.find((id) => new RegExp(`\\b${id}\\b`).test(ctx.model.file.text(call.node)) || new RegExp(`\\b${id}\\b`).test(ctx.model.file.text(rows.stmt.base)));
        if (!usesId) continue;
        const model = rows.stmt.model;
        const owned = model ? [...model.columns].some((c) => OWNER_COLUMN.test(c)) : null;
        const many = resultOf(ctx.an, chainTop(call.node), call.scope)?.many ?? rows.many;
        // One object by id is the classic case; a listing needs a model that is known to be owned.
        if (owned === false || (many && !owned)) continue;
        ctx.report(meta, {
          node: call.node,
          message:
            `The object is loaded by \`${usesId}\` alone and \`${users[0]}\` is never checked: any authenticated user can access ` +
            `another user's ${model?.cls.name ?? 'record'} by changing the id in the URL. Filter by the owner in the query or compare the owner before returning it.`,
        });
        break;
      }
    }
  },
};

/** Path parameters that identify one object (`{invoice_id}`, `{id}`, `{slug}`). */
function pathIds(route: RouteInfo): string[] {
  const out: string[] = [];
  for (const m of route.path.matchAll(/\{(\w+)(:[^}]*)?\}/g)) if (/(^id$|_id$|^slug$|_slug$|^uuid$|_uuid$)/.test(m[1])) out.push(m[1]);
  return out;
}
