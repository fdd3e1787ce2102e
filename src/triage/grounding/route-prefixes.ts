import { kwarg, positional, receiver, stringValue } from '../../review/analyse/static/python/model/call-args.js';
import { routerFactory } from '../../review/analyse/static/python/knowledge/fastapi.js';
import type { Project } from '../../review/analyse/static/python/model/project.js';
import { resolveExpr } from '../../review/analyse/static/python/model/resolve.js';
import type { ModuleModel, Scope } from '../../review/analyse/static/python/model/types.js';
import type { PyNode } from '../../review/analyse/static/python/syntax/py-node.js';

interface Inclusion {
  /** `include_router(..., prefix="/orders")`. */
  prefix: string;
  /** The router or app it is included into, with that router's own `APIRouter(prefix=...)`. */
  parent: string | null;
  parentPrefix: string;
}

const MAX_NESTING = 4;

/** "path\0name" of the variable an expression names (`orders.router`, `api_router`), or null. */
export function routerKeyOf(project: Project, scope: Scope, node: PyNode | null): string | null {
  const sym = node ? resolveExpr(project, scope, node) : null;
  const b = sym?.t === 'var' ? sym.bindings[sym.bindings.length - 1] : null;
  return b ? `${b.scope.module.file.path}\0${b.name}` : null;
}

/**
 * The URL prefix that `include_router` calls put in front of a router's routes, following nested
 * routers up to the app (`app.include_router(api_router, prefix="/api/v1")` and
 * `api_router.include_router(orders.router, prefix="/orders")` give `/api/v1/orders`). The first
 * inclusion wins when a router is included twice.
 */
export function indexIncludePrefixes(project: Project, modules: Iterable<ModuleModel>): (routerKey: string) => string {
  const index = new Map<string, Inclusion>();
  for (const m of modules) {
    for (const call of m.calls) {
      if (call.name !== 'include_router') continue;
      const key = routerKeyOf(project, call.scope, positional(call.node, 0));
      if (!key || index.has(key)) continue;
      const recv = receiver(call.node);
      const factory = recv ? routerFactory(project, call.scope, recv) : null;
      const prefixNode = kwarg(call.node, 'prefix', m.file);
      const parentPrefixNode = factory ? kwarg(factory.node, 'prefix', factory.scope.module.file) : null;
      index.set(key, {
        prefix: (prefixNode && stringValue(prefixNode, m.file)) ?? '',
        parent: routerKeyOf(project, call.scope, recv),
        parentPrefix: (parentPrefixNode && factory && stringValue(parentPrefixNode, factory.scope.module.file)) ?? '',
      });
    }
  }
  const prefixOf = (key: string, depth: number): string => {
    const inc = index.get(key);
    if (!inc || depth > MAX_NESTING) return '';
    return `${inc.parent ? prefixOf(inc.parent, depth + 1) : ''}${inc.parentPrefix}${inc.prefix}`;
  };
  return (key) => prefixOf(key, 0);
}

/** Joins URL parts: one slash between them, none at the end (but `/` alone). */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter(Boolean).join('/').replace(/\/{2,}/g, '/');
  const path = joined.startsWith('/') ? joined : `/${joined}`;
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}
