import type { Analysis } from '../../knowledge/analysis.js';
import type { RouteInfo } from '../../knowledge/fastapi.js';
import { isAuthDependency } from '../../knowledge/auth.js';
import { currentUserParams, dependencyChecksId, hasPermissionDependency, isPrivilegedRoute, pathIds, usesUserScopedDb } from '../../knowledge/route-auth.js';
import { refsOf } from '../../model/refs.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { contains } from '../../syntax/py-node.js';

/**
 * Routes that act on one object by its path id, authenticated only by a path-level dependency
 * (`dependencies=[Depends(AuthBearer())]`), so the handler never learns who calls, while a sibling
 * listing of the same collection hands the caller to its query (`get_user_brains(user.id)`): the
 * objects belong to their users, yet this route serves any of them to any signed-in user.
 */
export interface CallerlessRoute {
  route: RouteInfo;
  id: string;
  /** The sibling listing that scopes the same collection by the caller. */
  scoped: RouteInfo;
}

/** Queries and filters a caller value may be handed to (SQLAlchemy, Supabase, repositories). */
const LOADS = new Set(['where', 'filter', 'filter_by', 'eq', 'match', 'get', 'select', 'execute', 'fetch', 'fetchrow', 'find', 'find_one', 'scalars', 'scalar']);

/** The handler reads the caller some other way: the request's user or state, a token it decodes itself. */
const CALLER_IN_BODY = /\b(request|req)\.(user|state|auth|headers|cookies|session)\b|current_user|get_current_user|auth\.uid|jwt\.|decode_token|verify_token/i;

/** The object is a person: a profile or member read by id is often meant for every signed-in user. */
const PERSON_ID = /^(user|account|member|profile|person|people|owner|author|customer|employee|contact)_?(id|uuid|slug)$/i;

export function callerlessRoutes(an: Analysis, routes: RouteInfo[]): CallerlessRoute[] {
  const out: CallerlessRoute[] = [];
  for (const route of routes) {
    const ids = pathIds(route).filter((i) => !PERSON_ID.test(i));
    if (!ids.length || !authOnlyAround(an, route) || currentUserParams(an, route).length) continue;
    if (isPrivilegedRoute(an, route) || hasPermissionDependency(an, route) || dependencyChecksId(an, route, ids) || usesUserScopedDb(an, route)) continue;
    const body = route.fn.body ? route.fn.module.file.text(route.fn.body) : '';
    if (CALLER_IN_BODY.test(body)) continue;
    const id = ids.find((i) => route.fn.calls.some((c) => c.fn === route.fn && isLoad(an, c) && passes(route.fn, c, i)));
    if (!id) continue;
    const key = collection(route);
    const scoped = routes.find((s) => s !== route && s.routerKey === route.routerKey && s.methods.includes('GET') && collection(s) === key && scopesByCaller(an, s));
    if (scoped) out.push({ route, id, scoped });
  }
  return out;
}

/**
 * Authentication comes only from dependencies around the handler (the decorator's, the router's, an
 * include's): none reaches the handler as a value, and it takes no credential itself.
 */
function authOnlyAround(an: Analysis, route: RouteInfo): boolean {
  const around = [...route.pathDependencies, ...an.includeDependencies(route.fn.module, route.routerKey)];
  return around.some((d) => isAuthDependency(an.project, d));
}

/** A call that reads or writes stored data: a query method or a project function / class. */
function isLoad(an: Analysis, call: CallInfo): boolean {
  return !!call.args && (LOADS.has(call.name) || an.mayBeProjectFunction(call.name));
}

/** True when the call's arguments read `name` (or one of its attributes). */
function passes(fn: FunctionInfo, call: CallInfo, name: string): boolean {
  return refsOf(fn, name).some((r) => contains(call.args!, r));
}

/** Names of parameters that are the caller as a person (not a bag of common parameters that merely includes them). */
const CALLER_NAME = /user|principal|account|member|subject|identity|owner|caller|^me$/i;

/** A listing route that hands its caller (`user`, `user.id`, never splatted) to a query or a project function. */
function scopesByCaller(an: Analysis, route: RouteInfo): boolean {
  const users = currentUserParams(an, route).filter((u) => CALLER_NAME.test(u));
  return route.fn.calls.some((c) => c.fn === route.fn && isLoad(an, c) && users.some((u) => passesAsValue(route.fn, c, u)));
}

/** True when an argument of the call is `name` or one of its attributes, as itself (not `**name`). */
function passesAsValue(fn: FunctionInfo, call: CallInfo, name: string): boolean {
  return refsOf(fn, name).some((r) => {
    if (!contains(call.args!, r)) return false;
    let n = r;
    while (n.parent && n.parent.type === 'attribute' && n.field === 'object') n = n.parent;
    const holder = n.parent?.type === 'keyword_argument' ? n.parent.parent : n.parent;
    return holder === call.args || (holder?.type === 'argument_list' && contains(call.args!, holder));
  });
}

/** The static path segments before the first parameter (`/brains/{brain_id}/` -> `brains`). */
function collection(route: RouteInfo): string {
  const full = `${route.prefix}${route.path}`;
  const head = full.split('{')[0];
  return head.split('/').filter(Boolean).join('/');
}
