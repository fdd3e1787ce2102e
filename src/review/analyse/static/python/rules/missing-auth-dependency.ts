import type { RuleMeta } from '../../rule.js';
import { fieldOf } from '../syntax/py-node.js';
import type { RouteInfo } from '../model/fastapi.js';
import type { PythonRule } from './rule-api.js';
import { hasAuth, PUBLIC_ROUTE } from './support/route-auth.js';

export const meta: RuleMeta = {
  id: 'missing-auth-dependency',
  category: 'security',
  severity: 'high',
  title: 'State-changing route without authentication',
  rationale:
    'FastAPI enforces nothing by default: a route is public unless a dependency (`Depends(get_current_user)`, a ' +
    'security scheme, router-level `dependencies=[...]`) authenticates the caller. A new POST / PUT / PATCH / DELETE ' +
    'route that lacks the auth dependency its sibling routes all have lets anyone change data. Add the dependency, ' +
    'or move the route under a router that declares it. Sign-in, sign-up and signed webhook routes are exempt.',
  anchors: ['FastAPI docs: Security - Get Current User', 'OWASP API Security Top 10 2023: API2 Broken Authentication'],
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const routes = ctx.model.functions.map((fn) => ctx.an.route(fn)).filter((r): r is RouteInfo => !!r);
    const auth = new Map(routes.map((r) => [r, hasAuth(ctx.an, r)]));
    for (const route of routes) {
      if (auth.get(route) || !route.methods.some((m) => MUTATING.has(m))) continue;
      if (PUBLIC_ROUTE.test(`${route.prefix}${route.path} ${route.fn.name}`)) continue;
      const siblings = routes.filter((r) => r !== route && r.routerKey === route.routerKey);
      const guarded = siblings.filter((r) => auth.get(r));
      if (!guarded.length || guarded.length * 2 < siblings.length) continue;
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      const node = ctx.touches(name) ? name : route.decorator;
      ctx.report(meta, {
        node,
        message:
          `\`${route.methods.join('/')} ${route.prefix}${route.path}\` changes data but has no authentication dependency, while ` +
          `${guarded.length} of ${siblings.length} sibling route${siblings.length > 1 ? 's' : ''} on \`${route.routerKey}\` require one: anyone can call it. ` +
          'Add the same dependency (e.g. `user: User = Depends(get_current_user)`) or declare it on the router.',
      });
    }
  },
};
