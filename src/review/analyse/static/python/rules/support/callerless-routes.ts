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

/** A route that takes the caller and ignores it, while its siblings hand the caller to every use of the same id. */
export interface IgnoredCallerRoute {
  route: RouteInfo;
  id: string;
  /** The caller parameter the handler never reads. */
  caller: string;
  /** Sibling routes that pass the caller along with the same id, and one of their calls doing so. */
  scoping: { route: RouteInfo; call: string }[];
}

/**
 * Routes that act on an object by its path id and take the current user (`user = Depends(current_user)`), yet never
 * read it (`# noqa: ARG001`), while other routes of the module pass the caller along with the same kind of id to
 * the code that uses it (`get_chat_session_by_id(chat_session_id=session_id, user_id=user.id)`): those objects
 * belong to their users, and this route lets any signed-in user act on anyone's. The siblings are the evidence:
 * one sibling in agreement is not enough when as many others ignore the caller too.
 */
export function ignoredCallerRoutes(an: Analysis, routes: RouteInfo[]): IgnoredCallerRoute[] {
  const out: IgnoredCallerRoute[] = [];
  for (const route of routes) {
    const ids = pathIds(route).filter((i) => !PERSON_ID.test(i));
    const callers = callerParams(an, route);
    if (!ids.length || !callers.length || callers.some((u) => refsOf(route.fn, u).length)) continue;
    if (isPrivilegedRoute(an, route) || dependencyChecksId(an, route, ids) || usesUserScopedDb(an, route)) continue;
    const body = route.fn.body ? route.fn.module.file.text(route.fn.body) : '';
    if (CALLER_IN_BODY.test(body)) continue;
    // Whatever the handler does with the id (a query, a cache fence, a call into another service), it does for anyone.
    const id = ids.find((i) => route.fn.calls.some((c) => c.fn === route.fn && !!c.args && !NOT_AN_ACTION.test(c.name) && passes(route.fn, c, i)));
    if (!id) continue;
    const scoping: IgnoredCallerRoute['scoping'] = [];
    let ignoring = 0;
    for (const s of routes) {
      if (s === route || isPrivilegedRoute(an, s)) continue;
      const sid = pathIds(s).find((x) => sameKind(id, x) || s.fn.calls.some((c) => c.fn === s.fn && passesAs(s.fn, c, x, id)));
      if (!sid) continue;
      const call = scopingCall(an, s, sid);
      if (call) scoping.push({ route: s, call });
      else ignoring++;
    }
    if (scoping.length && scoping.length > ignoring) out.push({ route, id, caller: callers[0], scoping });
  }
  return out;
}

/** Calls that only convert, measure or log a value. */
const NOT_AN_ACTION = /^(str|int|float|bool|len|repr|print|format|UUID|debug|info|warning|warn|error|exception|log)$/;

/** `session_id` and `chat_session_id` name the same kind of object; `id` alone names nothing. */
function sameKind(a: string, b: string): boolean {
  if (a === b) return a !== 'id';
  return (a.endsWith(`_${b}`) && b !== 'id') || (b.endsWith(`_${a}`) && a !== 'id');
}

/** The sibling hands its path id `sid` to a call as the keyword `kind` (or one of its kind): `f(chat_session_id=session_id)`. */
function passesAs(fn: FunctionInfo, call: CallInfo, sid: string, kind: string): boolean {
  if (!call.args) return false;
  return call.args.children.some((a) => {
    if (a.type !== 'keyword_argument') return false;
    const name = a.children.find((c) => c.field === 'name');
    const value = a.children.find((c) => c.field === 'value');
    return !!name && !!value && sameKind(fn.module.file.text(name), kind) && fn.module.file.text(value) === sid;
  });
}

/**
 * A call of the sibling that gets both its path id and the caller (`user`, `user.id`, or a local taken from them:
 * `user_id = user.id`), as the name of the function it calls.
 */
function scopingCall(an: Analysis, route: RouteInfo, sid: string): string | null {
  const callers = callerParams(an, route);
  if (!callers.length) return null;
  const file = route.fn.module.file;
  const body = route.fn.body ? file.text(route.fn.body) : '';
  const values = new Set(callers);
  for (const u of callers) {
    for (const m of body.matchAll(new RegExp(`^\\s*([A-Za-z_]\\w*)\\s*=\\s*${u}(?:\\.\\w+)?\\s*$`, 'gm'))) values.add(m[1]);
  }
  const call = route.fn.calls.find((c) => c.fn === route.fn && !!c.args && !NOT_AN_ACTION.test(c.name) && passes(route.fn, c, sid) && [...values].some((v) => passesAsValue(route.fn, c, v)));
  return call ? call.name : null;
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

/** The route's current-user parameters that are the caller as a person. */
function callerParams(an: Analysis, route: RouteInfo): string[] {
  return currentUserParams(an, route).filter((u) => CALLER_NAME.test(u));
}

/** A listing route that hands its caller (`user`, `user.id`, never splatted) to a query or a project function. */
function scopesByCaller(an: Analysis, route: RouteInfo): boolean {
  const users = callerParams(an, route);
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
