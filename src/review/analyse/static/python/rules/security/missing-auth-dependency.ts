import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf } from '../../syntax/py-node.js';
import type { RouteInfo } from '../../knowledge/fastapi.js';
import { reads } from '../../model/refs.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { appAuth, ownedRecordChanged } from '../support/owned-writes.js';
import { CAPABILITY, declaresAuth, hasAuth, isAdminRoute, isCapabilityRoute, isPublicRoute, isRegistrationRoute, pathIds } from '../../knowledge/route-auth.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('missing-auth-dependency');

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Machine-to-machine paths, usually reachable only inside the network. */
const MACHINE_ROUTE = /internal|cron|jobs?\b|tasks?\/run|system|maintenance|callback/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const routes = ctx.model.functions.map((fn) => ctx.an.route(fn)).filter((r): r is RouteInfo => !!r);
    const auth = new Map(routes.map((r) => [r, hasAuth(ctx.an, r)]));
    for (const route of routes) {
      if (auth.get(route) || !route.methods.some((m) => MUTATING.has(m))) continue;
      if (isPublicRoute(route) || isCapabilityRoute(ctx.an, route) || isRegistrationRoute(ctx.an, route) || postsToPublicObject(route, routes, auth)) continue;
      // A handler that refuses callers itself (a first-install token, a shared secret) has its own authentication.
      if (refusesCallers(ctx, route)) continue;
      const siblings = routes.filter((r) => r !== route && r.routerKey === route.routerKey);
      // Siblings that declare their auth: one whose body only names a header may be forwarding it (a proxy).
      const guarded = siblings.filter((r) => auth.get(r) && declaresAuth(ctx.an, r));
      const message = guarded.length && guarded.length * 2 >= siblings.length ? siblingMessage(route, guarded.length, siblings.length) : ownedRecordMessage(ctx, route);
      if (!message) continue;
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      ctx.report(meta, { node: ctx.touches(name) ? name : route.decorator, message });
    }
  },
};

function siblingMessage(route: RouteInfo, guarded: number, siblings: number): string {
  return (
    `\`${route.methods.join('/')} ${route.prefix}${route.path}\` changes data but has no authentication dependency, while ` +
    `${guarded} of ${siblings} sibling route${siblings > 1 ? 's' : ''} on \`${route.routerKey}\` require one: anyone can call it. ` +
    'Add the same dependency (e.g. `user: User = Depends(get_current_user)`) or declare it on the router.'
  );
}

/**
 * On a public router, a route that changes a user's record by id with no caller identity at all, in an
 * app that does authenticate users elsewhere: the missing dependency is an oversight, not a design.
 */
function ownedRecordMessage(ctx: FileContext, route: RouteInfo): string | null {
  const ids = pathIds(route);
  if (!ids.length || isAdminRoute(ctx.an, route) || takesSecret(route) || MACHINE_ROUTE.test(route.prefix + route.path)) return null;
  const app = appAuth(ctx.an);
  if (!app.exists) return null;
  const write = ownedRecordChanged(ctx.an, route.fn, ids, app.principal);
  if (!write) return null;
  return (
    `\`${route.methods.join('/')} ${route.prefix}${route.path}\` changes a ${write.model.cls.name} (owned through \`${write.owner}\`) ` +
    `by \`${write.id}\` with no authentication dependency and no caller identity: anyone can change anyone's record. ` +
    `Require the app's current-user dependency and check that \`${write.owner}\` matches the caller.`
  );
}

/** The handler raises 401 / 403 itself: `raise HTTPException(HTTPStatus.FORBIDDEN, ...)`, `status_code=401`. */
function refusesCallers(ctx: FileContext, route: RouteInfo): boolean {
  const body = fieldOf(route.fn.node, 'body');
  return !!body && REFUSAL.test(ctx.model.file.text(body));
}

const REFUSAL = /\braise\s+(?:\w+\.)?HTTPException\(\s*(?:status_code\s*=\s*)?(?:401|403|(?:\w+\.)*(?:HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|UNAUTHORIZED|FORBIDDEN))\b/;

/** A magic-link style route: the caller proves access with a secret it passes (`?token=...`) and the body checks it. */
function takesSecret(route: RouteInfo): boolean {
  return route.fn.params.some((p) => CAPABILITY.test(p.name) && reads(route.fn, p.name));
}

/**
 * A POST under an object anyone may read (`POST /jobs/{job_id}/applications` beside an open
 * `GET /jobs/{job_id}`): applying to a public job, commenting on a public post, asking about a
 * public product are anonymous by design. Changing or deleting the object itself is not.
 */
function postsToPublicObject(route: RouteInfo, routes: RouteInfo[], auth: Map<RouteInfo, boolean>): boolean {
  if (!route.methods.every((m) => m === 'POST')) return false;
  const parent = /^(.*\{\w+(:[^}]*)?\})\/[^{}]+$/.exec(route.path)?.[1];
  if (!parent) return false;
  return routes.some((r) => r !== route && r.routerKey === route.routerKey && r.path.replace(/\/$/, '') === parent && r.methods.includes('GET') && !auth.get(r));
}
