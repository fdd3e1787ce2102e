import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { FunctionInfo } from '../../model/types.js';
import { resolveExpr } from '../../model/resolve.js';
import { routeDependencies, type RouteInfo } from '../../knowledge/fastapi.js';
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
      // A POST that only computes an answer from its body (decode, validate, preview) changes nothing to protect.
      if (changesNothing(ctx.an, route)) continue;
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

/**
 * A handler that only computes: it awaits nothing, takes no dependency (no session, no client), calls nothing
 * named like a change or a send, calls only functions, libraries and its own values (never a method of
 * some object it was not handed: `service.handle(x)`), and assigns nothing outside its own locals
 * (`CACHE[k] = v`, `self.x = v`, `global`). The project functions it calls must compute only too (two levels).
 * `POST /decode` turning an invoice string into its fields is such a route.
 */
function changesNothing(an: Analysis, route: RouteInfo): boolean {
  const fn = route.fn;
  const text = (n: PyNode) => fn.module.file.text(n);
  if (routeDependencies(an.project, route).length) return false;
  if (fn.params.some((p) => (p.default && DEPENDS.test(text(p.default))) || (p.annotation && DEPENDS.test(text(p.annotation))))) return false;
  return computesOnly(an, fn, 2);
}

const DEPENDS = /\b(Depends|Security)\s*\(/;

function computesOnly(an: Analysis, fn: FunctionInfo, depth: number): boolean {
  if (fn.awaits > 0 || fn.yields.length || fn.hasGlobal || fn.nested.length || !fn.body) return false;
  const file = fn.module.file;
  for (const c of fn.calls) {
    if (CHANGE_VERB.test(c.name)) return false;
    const target = an.calledFunction(c);
    if (target) {
      if (target === fn || depth <= 0 || !computesOnly(an, target, depth - 1)) return false;
      continue;
    }
    const callee = unparen(c.callee);
    if (callee.type !== 'identifier' && callee.type !== 'attribute') return false;
    // A library function, also one the project re-exports (`lnbits/bolt11.py`: `from bolt11 import decode`);
    // never code of the repository the model did not load.
    const sym = resolveExpr(an.project, c.scope, callee);
    if (sym?.t === 'ext') {
      if (sym.repo) return false;
      continue;
    }
    // A method of a literal (`", ".join(names)`), of a library (`bolt11.decode(s)`) or of its own values; never
    // code of the repository the model could not follow (a module that is not loaded may change anything).
    const root = rootOf(callee);
    if (root.type !== 'identifier') continue;
    const name = file.text(root);
    const imported = fn.module.imports.get(name);
    if (imported ? inRepository(an, fn, imported) : callee.type === 'attribute' && !fn.scope.bindings.has(name)) return false;
  }
  let assignsOutside = false;
  walk(fn.body, (n) => {
    if (assignsOutside) return false;
    if (n.type !== 'assignment' && n.type !== 'augmented_assignment') return true;
    const target = fieldOf(n, 'left');
    if (target && target.type !== 'identifier' && !ownLocal(fn, rootName(target, file))) assignsOutside = true;
    return true;
  });
  return !assignsOutside;
}

/** The module an import names is the repository's own (`from app.services import payments`, `import app.jobs`). */
function inRepository(an: Analysis, fn: FunctionInfo, imported: { module: string; name: string | null }): boolean {
  const from = fn.module.file.path;
  return !!an.project.pathOf(imported.module, from) || (!!imported.name && !!an.project.pathOf(`${imported.module}.${imported.name}`, from));
}

/** Calls that change or send something: `commit`, `insert`, `send_email`, `pay_invoice`, `create_wallet`. */
const CHANGE_VERB = /^_?(add|save|commit|flush|insert|update|upsert|delete|remove|create|set|put|post|patch|send|publish|enqueue|emit|write|execute|executemany|run|call|pay|transfer|charge|refund|withdraw|store|register|invalidate|revoke|grant|mark|apply|perform|process|submit|trigger|notify|push|dispatch|invoke|request|fetch|get|open|connect|sleep)(_\w+)?$/;

/** Where an expression starts: `data` in `data["k"]`, `self` in `self.x`, `str` in `str(x).strip`. */
function rootOf(node: PyNode): PyNode {
  let n = node;
  while ((n.type === 'subscript' || n.type === 'attribute' || n.type === 'call') && n.children[0]) n = n.children[0];
  return n;
}

/** The name an assignment target starts from, or '' when it starts from no name. */
function rootName(target: PyNode, file: FileContext['model']['file']): string {
  const n = rootOf(target);
  return n.type === 'identifier' ? file.text(n) : '';
}

/** A name bound in the function itself (a parameter is the caller's object: changing it may change shared state). */
function ownLocal(fn: FunctionInfo, name: string): boolean {
  return !!name && fn.scope.bindings.has(name) && !fn.params.some((p) => p.name === name);
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
