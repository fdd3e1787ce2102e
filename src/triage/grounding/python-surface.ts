import type { Analysis } from '../../review/analyse/static/python/knowledge/analysis.js';
import { isAuthDependency } from '../../review/analyse/static/python/knowledge/auth.js';
import { kwarg } from '../../review/analyse/static/python/model/call-args.js';
import { paramDependencies, routeDependencies, type RouteInfo } from '../../review/analyse/static/python/knowledge/fastapi.js';
import type { Scoped } from '../../review/analyse/static/python/knowledge/depends.js';
import { resolveExpr } from '../../review/analyse/static/python/model/resolve.js';
import type { ClassInfo, FunctionInfo } from '../../review/analyse/static/python/model/types.js';
import { unparen } from '../../review/analyse/static/python/syntax/py-node.js';
import { indexIncludePrefixes, joinPath } from './route-prefixes.js';
import type { GroundModel, GroundRoute } from './types.js';

/** The name a dependency is known by in code: `get_current_user`, `RoleChecker(["admin"])`. */
function dependencyName(node: Parameters<typeof unparen>[0], text: (n: typeof node) => string): string {
  return text(unparen(node)).replace(/\s+/g, ' ').slice(0, 80);
}

/** Pydantic models among a route's parameters (its request bodies). */
function requestModels(an: Analysis, fn: FunctionInfo): string[] {
  const out: string[] = [];
  for (const p of fn.params) {
    if (!p.annotation) continue;
    const head = p.annotation.type === 'type' && p.annotation.children[0] ? p.annotation.children[0] : p.annotation;
    if (head.type !== 'identifier' && head.type !== 'attribute') continue;
    const sym = resolveExpr(an.project, fn.scope.parent ?? fn.module.scope, head);
    if (sym?.t === 'cls' && an.isPydantic(sym.cls)) out.push(sym.cls.name);
  }
  return out;
}

const CALLER_WORD = /user|auth|current|token|principal|customer|account|member|session_user|(^|_)me$/i;

/**
 * The dependency that identifies the caller, by its own name: `get_db` that depends on
 * `get_current_user` is named by the latter. Followed through dependencies' own dependencies.
 */
function callerDependency(an: Analysis, dep: Scoped, depth = 0): string | undefined {
  const sym = resolveExpr(an.project, dep.scope, unparen(dep.node));
  const fn = sym?.t === 'fn' ? sym.fn : null;
  const name = fn?.name ?? dep.scope.module.file.text(unparen(dep.node));
  if (CALLER_WORD.test(name) && !/session|db$/i.test(name)) return name;
  if (!fn || depth >= 3) return undefined;
  for (const inner of paramDependencies(an.project, fn)) {
    const found = callerDependency(an, inner.target, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function groundRoute(an: Analysis, route: RouteInfo, prefixOf: (key: string) => string): GroundRoute[] {
  const { fn } = route;
  const file = fn.module.file;
  const routerBinding = fn.module.scope.bindings.get(route.routerKey);
  const included = routerBinding ? prefixOf(`${file.path}\0${route.routerKey}`) : '';
  const deps = [...routeDependencies(an.project, route), ...an.includeDependencies(fn.module, route.routerKey)];
  const response = kwarg(route.decorator, 'response_model', file);
  const responseModel = response ? file.text(response) : fn.returnType ? file.text(fn.returnType) : undefined;
  return route.methods.map((method) => ({
    method,
    path: joinPath(included, route.prefix, route.path),
    file: file.path,
    line: file.startLine(fn.outerNode),
    handler: fn.name,
    dependencies: [...new Set(deps.map((d) => dependencyName(d.node, (n) => d.scope.module.file.text(n))))],
    authenticated: deps.some((d) => isAuthDependency(an.project, d)),
    caller: deps.map((d) => callerDependency(an, d)).find((n): n is string => !!n),
    requestModels: requestModels(an, fn),
    responseModel: responseModel?.slice(0, 120),
  }));
}

/** Every FastAPI route of the loaded modules (those `keep` accepts), with its full path, dependencies and place. */
export function routesOf(an: Analysis, keep: (fn: FunctionInfo) => boolean = () => true): GroundRoute[] {
  const prefixOf = indexIncludePrefixes(an.project, an.loadedModules());
  const out: GroundRoute[] = [];
  for (const m of an.loadedModules()) {
    for (const fn of m.functions) {
      const route = an.route(fn);
      if (route && !route.methods.includes('WEBSOCKET') && keep(fn)) out.push(...groundRoute(an, route, prefixOf));
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Pydantic request and response models, with their fields (inherited ones included). */
export function pydanticModelsOf(an: Analysis): GroundModel[] {
  const out: GroundModel[] = [];
  for (const m of an.loadedModules()) {
    for (const cls of m.classes) {
      if (!an.isPydantic(cls)) continue;
      out.push({ name: cls.name, file: m.file.path, line: m.file.startLine(cls.node), fields: fieldsOf(an, cls), kind: 'pydantic' });
    }
  }
  return out;
}

function fieldsOf(an: Analysis, cls: ClassInfo): string[] {
  return an.fieldNames(cls).filter((f) => !f.startsWith('_') && f !== 'model_config' && f !== 'Config');
}
