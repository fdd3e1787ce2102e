import type { RuleMeta } from '../../../shared/rule.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { chainTop, resultOf, type QueryResult } from '../../knowledge/queries.js';
import type { OrmModel } from '../../knowledge/orm.js';
import { ormModelOf } from '../../knowledge/orm.js';
import { mentionsOwnerColumn, ownerColumns } from '../../knowledge/ownership.js';
import { reads, refsOf } from '../../model/refs.js';
import { contains, fieldOf } from '../../syntax/py-node.js';
import type { RouteInfo } from '../../knowledge/fastapi.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { currentUserParams, dependencyChecksId, hasPermissionDependency, isPrivilegedRoute, pathIds, usesUserScopedDb } from '../../knowledge/route-auth.js';
import { helperLoadById } from '../support/helper-loads.js';
import { isCatalogueName } from '../../../support/reference-data.js';
import { ruleMeta } from '../../../../../../catalog/index.js';
import { callerlessRoutes, ignoredCallerRoutes } from '../support/callerless-routes.js';

export const meta: RuleMeta = ruleMeta('idor-missing-ownership-check');

/** Callers who legitimately see every customer's objects (support agents, staff). */
const STAFF = /agent|staff|admin|support|operator|employee|moderator|internal|service/i;

const QUERY_NAMES = new Set(['execute', 'scalars', 'scalar', 'get', 'get_one', 'fetch', 'fetchrow', 'fetchval', 'first', 'one', 'one_or_none', 'all']);

interface Load {
  id: string;
  model: OrmModel | null;
  via: string | null;
}

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const reported = new Set<FunctionInfo>();
    for (const fn of ctx.model.functions) {
      const route = ctx.an.route(fn);
      if (!route) continue;
      const ids = pathIds(route);
      if (!ids.length || isPrivilegedRoute(ctx.an, route) || hasPermissionDependency(ctx.an, route)) continue;
      const users = currentUserParams(ctx.an, route).filter((u) => !STAFF.test(u));
      if (!users.length || dependencyChecksId(ctx.an, route, ids) || usesUserScopedDb(ctx.an, route)) continue;
      const principal = principalModel(ctx.an, route, users[0]);
      for (const call of fn.calls) {
        if (!ctx.touches(call.node)) continue;
        // A route that uses the caller may check ownership itself; the caller merely handed to a helper
        // that ignores it (helperLoadById verifies that) is no check.
        const direct = users.some((u) => reads(fn, u)) ? null : directLoad(ctx, call, ids, principal);
        const helper = direct || !ctx.an.mayBeProjectFunction(call.name) || users.some((u) => readsOutside(fn, u, call)) ? null : viaHelper(ctx, call, ids, principal, users);
        const load = direct ?? helper;
        if (!load) continue;
        const through = load.via ? ` through \`${load.via}()\`, which filters by the id alone,` : '';
        ctx.report(meta, {
          node: call.node,
          message:
            `The object is loaded by \`${load.id}\`${through} and \`${users[0]}\` is never checked: any authenticated user can access ` +
            `another user's ${load.model?.cls.name ?? 'record'} by changing the id in the URL. Filter by the owner in the query or compare the owner before returning it.`,
        });
        reported.add(fn);
        break;
      }
    }
    const routes = ctx.model.functions.map((fn) => ctx.an.route(fn)).filter((r): r is RouteInfo => !!r);
    for (const { route, id, scoped } of callerlessRoutes(ctx.an, routes)) {
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      ctx.report(meta, {
        node: ctx.touches(route.decorator) ? route.decorator : name,
        message:
          `\`${route.methods.join('/')} ${route.prefix}${route.path}\` acts on \`${id}\` but never learns who calls: authentication ` +
          `is only a dependency around the handler, while \`${scoped.fn.name}\` lists the same collection for the caller only. Any ` +
          `signed-in user can reach another user's object by changing the id. Take the current user and check access to \`${id}\` ` +
          `(or add the authorisation dependency the listing implies).`,
      });
    }
    for (const { route, id, caller, scoping } of ignoredCallerRoutes(ctx.an, routes)) {
      // The route's own load was reported above, with the call that does it.
      if (reported.has(route.fn)) continue;
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      const first = scoping[0];
      const others = scoping.length > 1 ? ` (and ${scoping.length - 1} more route${scoping.length > 2 ? 's' : ''})` : '';
      ctx.report(meta, {
        node: ctx.touches(name) ? name : route.decorator,
        message:
          `\`${route.methods.join('/')} ${route.prefix}${route.path}\` acts on \`${id}\` but never reads \`${caller}\`: the caller is ` +
          `authenticated, not checked. \`${first.route.methods.join('/')} ${first.route.prefix}${first.route.path}\`${others} hands the caller ` +
          `to \`${first.call}()\` along with the same id, so these objects belong to their users; here any signed-in user can act on ` +
          `another user's by changing the id. Check access to \`${id}\` for \`${caller}\` the way the other routes do.`,
      });
    }
  },
};

/** A query in the route itself that loads one object by a path id. */
function directLoad(ctx: FileContext, call: CallInfo, ids: string[], principal: OrmModel | null): Load | null {
  if (!QUERY_NAMES.has(call.name)) return null;
  const rows = resultOf(ctx.an, call.node, call.scope);
  if (!rows || rows.exec !== call.node || rows.stmt.kind === 'supabase') return null;
  const id = ids.find((i) => mentions(ctx.model.file.text(call.node), i) || mentions(ctx.model.file.text(rows.stmt.base), i));
  if (!id) return null;
  const model = rows.stmt.model;
  if (model && isCatalogueName(model.cls.name)) return null;
  const owned = model ? ownerColumns(model, principal).length > 0 : null;
  const many = resultOf(ctx.an, chainTop(call.node), call.scope)?.many ?? rows.many;
  // One object by id is the classic case; a listing needs a model that is known to be owned.
  if (owned === false || (many && !owned)) return null;
  return { id, model, via: null };
}

/** A repository / service call given the path id whose query filters by it alone, on an owned model. */
function viaHelper(ctx: FileContext, call: CallInfo, ids: string[], principal: OrmModel | null, users: readonly string[]): Load | null {
  for (const id of ids) {
    const found = helperLoadById(ctx.an, call, id, 0, users);
    if (!found) continue;
    const model = found.rows.stmt.model;
    // A catalogue (plans, categories, templates) is read by everyone, whoever created its rows.
    if (model && isCatalogueName(model.cls.name)) continue;
    const text = queryText(found.rows);
    if (!model) {
      // Raw SQL by id alone: the same shape as a direct query, unless it names an owner column.
      if (found.rows.stmt.kind !== 'raw' || found.rows.stmt.sql === null || mentionsOwnerColumn(text)) continue;
      return { id, model: null, via: found.helper.name };
    }
    // Through a helper, only a model known to belong to someone is worth the claim.
    const owners = ownerColumns(model, principal);
    if (!owners.length || owners.some((c) => mentions(text, c))) continue;
    return { id, model, via: found.helper.name };
  }
  return null;
}

/** The mapped class the authenticated caller is (`holder: Annotated[Policyholder, Depends(...)]`), if any. */
function principalModel(an: Analysis, route: RouteInfo, param: string): OrmModel | null {
  const v = an.infer.paramValue(route.fn, param);
  return v?.t === 'obj' ? ormModelOf(v.cls) : null;
}

function queryText(rows: QueryResult): string {
  const file = rows.scope.module.file;
  return `${file.text(rows.exec)} ${file.text(rows.stmt.base)}`;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(text);
}

/** True when the handler reads `name` anywhere but in the arguments of `call`. */
function readsOutside(fn: FunctionInfo, name: string, call: CallInfo): boolean {
  const args = fieldOf(call.node, 'arguments');
  return refsOf(fn, name).some((r) => !args || !contains(args, r));
}
