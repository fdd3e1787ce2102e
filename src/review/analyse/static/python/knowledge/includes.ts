import { kwarg, positional, receiver } from '../model/call-args.js';
import type { Scoped } from './depends.js';
import { dependencyList, routerFactory } from './fastapi.js';
import type { Project } from '../model/project.js';
import { resolveExpr } from '../model/resolve.js';
import type { ModuleModel } from '../model/types.js';

interface Inclusion {
  /** `dependencies=[...]` of the include_router call. */
  deps: Scoped[];
  /** The router (or app) it is included into, as a key, with that router's own dependencies. */
  parent: string | null;
  parentDeps: Scoped[];
}

const MAX_NESTING = 4;

/**
 * Where each router is included, so a route sees every dependency wrapped around it:
 * `app.include_router(items.router, dependencies=[...])`, and a parent router's own
 * `APIRouter(dependencies=[...])` / `FastAPI(dependencies=[...])` when routers are nested
 * (`api_router.include_router(items.router)`; `app.include_router(api_router)`).
 */
export function indexInclusions(project: Project, modules: Iterable<ModuleModel>): (module: ModuleModel, routerKey: string) => Scoped[] {
  const index = new Map<string, Inclusion[]>();
  for (const m of modules) {
    for (const call of m.calls) {
      if (call.name !== 'include_router') continue;
      const key = routerKeyOf(project, call.scope, positional(call.node, 0));
      if (!key) continue;
      const recv = receiver(call.node);
      const factory = recv ? routerFactory(project, call.scope, recv) : null;
      const inclusion: Inclusion = {
        deps: dependencyList(project, call.scope, kwarg(call.node, 'dependencies', m.file)),
        parent: routerKeyOf(project, call.scope, recv),
        parentDeps: factory ? dependencyList(project, factory.scope, kwarg(factory.node, 'dependencies', factory.scope.module.file)) : [],
      };
      index.set(key, [...(index.get(key) ?? []), inclusion]);
    }
  }
  const collect = (key: string, depth: number, seen: Set<string>): Scoped[] => {
    if (depth > MAX_NESTING || seen.has(key)) return [];
    seen.add(key);
    return (index.get(key) ?? []).flatMap((inc) => [...inc.deps, ...inc.parentDeps, ...(inc.parent ? collect(inc.parent, depth + 1, seen) : [])]);
  };
  return (module, routerKey) => collect(`${module.file.path}\0${routerKey}`, 0, new Set());
}

function routerKeyOf(project: Project, scope: Parameters<typeof resolveExpr>[1], node: Parameters<typeof resolveExpr>[2] | null): string | null {
  const sym = node ? resolveExpr(project, scope, node) : null;
  const b = sym?.t === 'var' ? sym.bindings[sym.bindings.length - 1] : null;
  return b ? `${b.scope.module.file.path}\0${b.name}` : null;
}
