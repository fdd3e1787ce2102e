import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { callsOn, kwarg, positional, stringValue } from '../model/call-args.js';
import { dependencyTarget, dependsCallAt, dependsTarget, type Scoped } from './depends.js';
import type { Project } from '../model/project.js';
import { resolveExpr, resolveName } from '../model/resolve.js';
import type { FunctionInfo, ModuleModel, Scope } from '../model/types.js';

const ROUTE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'api_route', 'route', 'websocket']);
const APP_FACTORIES = /^(fastapi\.(FastAPI|APIRouter)|fastapi\.routing\.APIRouter|starlette\.applications\.Starlette)$/;

export interface RouteInfo {
  fn: FunctionInfo;
  decorator: PyNode;
  /** Upper-case HTTP methods (WEBSOCKET for websocket routes). */
  methods: string[];
  /** The decorator's path, without the router prefix. */
  path: string;
  /** The router prefix, when the router is an `APIRouter(prefix=...)` of this module. */
  prefix: string;
  /** Text of the router expression (`router`, `app`): routes with the same key are siblings. */
  routerKey: string;
  /** `dependencies=[...]` of the decorator and of the router. */
  pathDependencies: Scoped[];
  hasResponseModel: boolean;
}

/** The FastAPI route a function is, when one of its decorators registers it on an app or router. */
export function routeOf(project: Project, fn: FunctionInfo): RouteInfo | null {
  if (fn.isLambda) return null;
  const scope = fn.scope.parent ?? fn.module.scope;
  const file = fn.module.file;
  for (const d of fn.decorators) {
    if (d.type !== 'call') continue;
    const callee = fieldOf(d, 'function');
    if (!callee || callee.type !== 'attribute') continue;
    const verb = file.text(fieldOf(callee, 'attribute')!);
    const routerNode = fieldOf(callee, 'object');
    if (!ROUTE_VERBS.has(verb) || !routerNode) continue;
    const factory = routerFactory(project, scope, routerNode);
    if (!factory && !/(router|app|api|routes?)$/i.test(file.text(routerNode))) continue;
    const pathArg = positional(d, 0) ?? kwarg(d, 'path', file);
    const path = pathArg ? stringValue(pathArg, file) : null;
    if (path === null) continue;
    const pathDependencies = dependencyList(project, scope, kwarg(d, 'dependencies', file));
    if (factory) pathDependencies.push(...dependencyList(project, factory.scope, kwarg(factory.node, 'dependencies', factory.scope.module.file)));
    const prefixNode = factory ? kwarg(factory.node, 'prefix', factory.scope.module.file) : null;
    return {
      fn, decorator: d, methods: methodsOf(verb, d, file), path,
      prefix: prefixNode ? stringValue(prefixNode, factory!.scope.module.file) ?? '' : '',
      routerKey: file.text(routerNode), pathDependencies,
      hasResponseModel: !!kwarg(d, 'response_model', file),
    };
  }
  return null;
}

function methodsOf(verb: string, d: PyNode, file: ModuleModel['file']): string[] {
  if (verb === 'websocket') return ['WEBSOCKET'];
  if (verb !== 'api_route' && verb !== 'route') return [verb.toUpperCase()];
  const list = kwarg(d, 'methods', file);
  const found = list ? list.children.map((c) => (stringValue(c, file) ?? '').toUpperCase()).filter(Boolean) : [];
  return found.length ? found : ['GET'];
}

/** The `APIRouter(...)` / `FastAPI(...)` call a router expression was built with, with its scope. */
export function routerFactory(project: Project, scope: Scope, routerNode: PyNode, depth = 0): Scoped | null {
  if (routerNode.type !== 'identifier' || depth > 2) return null;
  const sym = resolveName(project, scope, scope.module.file.text(routerNode));
  if (sym.t !== 'var') return null;
  const b = sym.bindings[sym.bindings.length - 1];
  const value = b.value ? unparen(b.value) : null;
  if (!value || value.type !== 'call' || b.kind !== 'assign') return null;
  const callee = fieldOf(value, 'function');
  const name = callee ? resolveExpr(project, b.scope, callee) : null;
  // `public_app, app, app_apikey = get_routers()`: the router a project function built and returned in that place.
  if (name?.t === 'fn') return returnedRouter(project, name.fn, b.index ?? -1, depth);
  if (name?.t === 'ext' && APP_FACTORIES.test(name.name)) return { node: value, scope: b.scope };
  // The project's own router class (`from app.routing import APIRouter`, a subclass or a class a factory
  // built with a custom route class) keeps FastAPI's signature: its prefix and dependencies count.
  const last = callee ? b.scope.module.file.text(callee).split('.').pop()! : '';
  return name?.t !== 'ext' && /^(APIRouter|\w+APIRouter)$/.test(last) ? { node: value, scope: b.scope } : null;
}

/**
 * The route's router was made by a call the review cannot see into: a function of a module it could not find or load
 * (`public_app, app = get_routers()` from a package another build step copies in), or a project function whose returns
 * it cannot follow. The router's own `dependencies=[...]` are then unknown: they may authenticate every route on it.
 */
export function routerMadeUnseen(project: Project, route: RouteInfo): boolean {
  const callee = fieldOf(route.decorator, 'function');
  const routerNode = callee?.type === 'attribute' ? fieldOf(callee, 'object') : null;
  const scope = route.fn.scope.parent ?? route.fn.module.scope;
  if (!routerNode || routerNode.type !== 'identifier' || routerFactory(project, scope, routerNode)) return false;
  const sym = resolveName(project, scope, scope.module.file.text(routerNode));
  const b = sym.t === 'var' ? sym.bindings[sym.bindings.length - 1] : null;
  const value = b?.kind === 'assign' && b.value ? unparen(b.value) : null;
  const made = value?.type === 'call' ? fieldOf(value, 'function') : null;
  if (!b || !made) return false;
  const name = resolveExpr(project, b.scope, made);
  // A library's router class (`InferringRouter(...)`) shows its arguments; a factory function (`get_routers()`) hides them.
  return name?.t === 'fn' || (name?.t === 'ext' && !/^(fastapi|starlette)\./.test(name.name) && /^_*[a-z]/.test(name.name.split('.').pop() ?? ''));
}

/**
 * The router a factory function returns, whole (`return router`) or at a place of the tuple it returns
 * (`return public_app, app, app_apikey`), when every return agrees.
 */
function returnedRouter(project: Project, fn: FunctionInfo, index: number, depth: number): Scoped | null {
  const found = fn.returns.map((r) => {
    const v = unparen(r);
    const item = index < 0 ? v : v.type === 'tuple' || v.type === 'expression_list' ? v.children[index] : undefined;
    return item ? routerFactory(project, fn.scope, unparen(item), depth + 1) : null;
  });
  return found.length > 0 && found.every((f) => f && f.node === found[0]!.node) ? found[0] : null;
}

/** The dependency callables of a `dependencies=[Depends(a), Security(b)]` list (or lists added together). */
export function dependencyList(project: Project, scope: Scope, list: PyNode | null): Scoped[] {
  const l = list ? unparen(list) : null;
  if (l?.type === 'binary_operator' && l.tokens?.[0] === '+') return l.children.flatMap((c) => dependencyList(project, scope, c));
  if (l?.type === 'identifier' && scope.fn) return localDependencyList(project, scope, l);
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return [];
  return list.children.map((item) => dependencyOf(project, scope, item)).filter((d): d is Scoped => !!d);
}

/** The callable of one `Depends(a)` / `Security(b)` item. */
function dependencyOf(project: Project, scope: Scope, item: PyNode): Scoped | null {
  const call = dependsCallAt(project, scope, item);
  const target = call ? dependsTarget(call.node, call.scope) : null;
  return target ? { node: target, scope: call!.scope } : null;
}

/**
 * `dependencies=dependencies` where the function built the list itself: `dependencies = [Depends(a)]`, then
 * `dependencies.append(Depends(b))` (under an `if` or not). What a condition leaves out still counts: the rule
 * asks whether the router is meant to authenticate, not whether a deployment turned it off.
 */
function localDependencyList(project: Project, scope: Scope, id: PyNode): Scoped[] {
  const file = scope.module.file;
  const name = file.text(id);
  const own = (scope.bindings.get(name) ?? []).filter((b) => b.kind === 'assign' && !!b.value && unparen(b.value).type === 'list');
  if (!own.length) return [];
  const out = own.flatMap((b) => dependencyList(project, scope, unparen(b.value!)));
  for (const call of callsOn(scope.fn?.calls ?? [], name, file)) {
    const item = call.name === 'append' ? positional(call.node, 0) : null;
    const items = call.name === 'extend' ? positional(call.node, 0) : null;
    const one = item ? dependencyOf(project, scope, item) : null;
    if (one) out.push(one);
    if (items) out.push(...dependencyList(project, scope, items));
  }
  return out;
}

/** Every dependency of a function's parameters, as (callable, scope). */
export function paramDependencies(project: Project, fn: FunctionInfo): { param: string; target: Scoped }[] {
  const scope = fn.scope.parent ?? fn.module.scope;
  const out: { param: string; target: Scoped }[] = [];
  for (const p of fn.params) {
    const target = dependencyTarget(project, scope, p);
    if (target) out.push({ param: p.name, target });
  }
  return out;
}

/** Every dependency a route runs: path-level ones and its parameters'. */
export function routeDependencies(project: Project, route: RouteInfo): Scoped[] {
  return [...route.pathDependencies, ...paramDependencies(project, route.fn).map((d) => d.target)];
}
