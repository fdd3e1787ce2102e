import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen } from '../../syntax/py-node.js';
import type { RouteInfo } from '../../knowledge/fastapi.js';
import { paramDependencies, routeDependencies } from '../../knowledge/fastapi.js';
import { isAuthDependency } from '../../knowledge/auth.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { PythonRule } from '../support/rule-api.js';
import { currentUserParams, hasAuth, hasPermissionDependency, isPermissionName, isPrivilegedRoute, pathIds } from '../../knowledge/route-auth.js';
import { reads } from '../../model/refs.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('missing-permission-dependency');

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const an = ctx.an;
    const routes = ctx.model.functions.map((fn) => an.route(fn)).filter((r): r is RouteInfo => !!r);
    for (const route of routes) {
      const ids = pathIds(route);
      // The object itself (`/brains/{brain_id}`): a sub-action (`/workflows/{id}/run`) may be open to more callers by design.
      if (!ids.length || !actsOnObject(route) || !hasAuth(an, route) || isPrivilegedRoute(an, route) || checksAccess(an, route, ids)) continue;
      // The caller's identity in the handler: it may decide access itself (`if user.id != owner_id`).
      if (currentUserParams(an, route).some((u) => reads(route.fn, u))) continue;
      // Reads are compared with reads and writes with writes: an edit permission on PUT says nothing about GET.
      const writes = isWrite(route);
      const siblings = routes.filter((r) => r !== route && r.routerKey === route.routerKey && isWrite(r) === writes && pathIds(r).some((i) => ids.includes(i)));
      const guarded = siblings.filter((r) => checksAccess(an, r, ids));
      if (guarded.length < 2 || guarded.length * 3 < siblings.length * 2) continue;
      const example = guardName(an, guarded[0]);
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      ctx.report(meta, {
        node: ctx.touches(name) ? name : route.decorator,
        message:
          `\`${route.methods.join('/')} ${route.prefix}${route.path}\` acts on \`${ids[0]}\` with no access check, while ` +
          `${guarded.length} of ${siblings.length} sibling routes on the same object run one${example ? ` (\`${example}\`)` : ''}: ` +
          `any signed-in user can reach another user's object by changing the id. Add the same dependency, or check access in the handler.`,
      });
    }
  },
};

/**
 * The route authorises access to the object: a permission dependency, a dependency given both the id
 * and the caller (a loader that checks access), or a permission check called in the handler.
 */
function checksAccess(an: Analysis, route: RouteInfo, ids: string[]): boolean {
  if (hasPermissionDependency(an, route)) return true;
  for (const d of routeDependencies(an.project, route)) {
    const target = unparen(d.node);
    const fn = an.calledFunctionAt(target.type === 'call' ? fieldOf(target, 'function') ?? target : target, d.scope);
    if (fn?.params.some((p) => ids.includes(p.name)) && paramDependencies(an.project, fn).some((inner) => isAuthDependency(an.project, inner.target))) return true;
  }
  return route.fn.calls.some((c) => c.fn === route.fn && CHECK_CALL.test(c.name));
}

/** Calls that check access in a handler (`check_brain_access(...)`, `ensure_can_edit(...)`, `authorize(...)`). */
const CHECK_CALL = /^_?(check|ensure|require|verify|assert|enforce|validate)_\w*(access|permission|right|role|owner|member|auth)|^_?(can|has)_\w+|permission|^_?authori[sz]e/i;

/** The route's path ends with the object's id: it reads, replaces or deletes that object. */
function actsOnObject(route: RouteInfo): boolean {
  return /\{\w+(:[^}]*)?\}\/?$/.test(route.path);
}

function isWrite(route: RouteInfo): boolean {
  return route.methods.some((m) => m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS');
}

/** How a guarded sibling checks access, for the message (`has_brain_authorization`). */
function guardName(an: Analysis, route: RouteInfo): string | null {
  for (const d of routeDependencies(an.project, route)) {
    const target = unparen(d.node);
    const callee = target.type === 'call' ? fieldOf(target, 'function') ?? target : target;
    const text = d.scope.module.file.text(callee);
    if (isPermissionName(text) || (an.calledFunctionAt(callee, d.scope)?.params.length ?? 0) > 0) return text;
  }
  return null;
}
