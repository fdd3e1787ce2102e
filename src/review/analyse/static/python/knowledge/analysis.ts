import type { PyNode } from '../syntax/py-node.js';
import { dependsTarget, isDependsCall, type Scoped } from './depends.js';
import { routeOf, type RouteInfo } from './fastapi.js';
import { indexInclusions } from './includes.js';
import type { Kind } from './known.js';
import { libraryKnowledge } from './library-values.js';
import { isPydanticModel, ormModelOf } from './orm.js';
import type { Project } from '../model/project.js';
import { resolveExpr } from '../model/resolve.js';
import { Semantics } from '../model/semantics.js';
import type { ClassInfo, FunctionInfo, ModuleModel } from '../model/types.js';
import type { PgParser } from '../../parsers/pg-parser.js';
import type { MigrationFacts } from '../../migrations/migration-facts.js';
import type { KeyCandidate, KeyUsage } from '../../support/key-usage.js';
import type { NameReferences } from '../../support/name-references.js';

export { isAwaited } from '../model/semantics.js';

/**
 * What the rules see of one review run: the language facts of the model (model/semantics.ts), built
 * with the framework knowledge (knowledge/), plus the framework facts worth memoising for the run:
 * routes, which functions are dependencies, where routers are included.
 */
export class Analysis extends Semantics<Kind> {
  private readonly routes = new Map<FunctionInfo, RouteInfo | null>();
  private dependencyFns: Set<FunctionInfo> | null = null;
  private dependencyCalls: Scoped[] | null = null;
  private includes: ((module: ModuleModel, routerKey: string) => Scoped[]) | null = null;

  /** The PostgreSQL parser, when some changed file has SQL worth parsing (loaded on demand). */
  pg: PgParser | null = null;

  /** The change's migrations replayed, when it adds some and a changed model declares a foreign key. */
  migrations: MigrationFacts | null = null;

  /** Whether the application searches rows by a foreign key, when a changed model declares one (absent: unknown). */
  keyUsage: ((candidate: KeyCandidate) => KeyUsage) | null = null;

  /** Where names are used in the whole repository, when a changed file has an `async def` (absent: unknown, nothing is dead). */
  nameRefs: NameReferences | null = null;

  constructor(project: Project, modules: () => Iterable<ModuleModel>) {
    super(project, modules, libraryKnowledge(project));
  }

  route(fn: FunctionInfo): RouteInfo | null {
    let r = this.routes.get(fn);
    if (r === undefined) {
      r = routeOf(this.project, fn);
      this.routes.set(fn, r);
    }
    return r;
  }

  /** True for a Pydantic model (directly or through project base classes), not a mapped table. */
  isPydantic(cls: ClassInfo): boolean {
    return [cls, ...this.baseClasses(cls)].some((c) => isPydanticModel(c)) && !ormModelOf(cls);
  }

  /**
   * The dependencies wrapped around a module's router where it is included
   * (`app.include_router(items.router, dependencies=[Depends(auth)])`, a parent router's own), from every loaded module.
   */
  includeDependencies(module: ModuleModel, routerKey: string): Scoped[] {
    this.includes ??= indexInclusions(this.project, this.modules());
    return this.includes(module, routerKey);
  }

  /** Functions used as `Depends(...)` targets anywhere in the loaded modules. */
  isDependency(fn: FunctionInfo): boolean {
    if (!this.dependencyFns) {
      const set = new Set<FunctionInfo>();
      for (const target of this.dependencyTargets()) {
        const sym = resolveExpr(this.project, target.scope, target.node);
        if (sym?.t === 'fn') set.add(sym.fn);
      }
      this.dependencyFns = set;
    }
    return this.dependencyFns.has(fn);
  }

  /** The callables of every `Depends(...)` / `Security(...)` in the loaded modules. */
  dependencyTargets(): Scoped[] {
    if (!this.dependencyCalls) {
      const out: Scoped[] = [];
      for (const m of this.modules()) {
        for (const call of m.calls) {
          if ((call.name !== 'Depends' && call.name !== 'Security') || !isDependsCall(this.project, call.scope, call.node)) continue;
          const target: PyNode | null = dependsTarget(call.node, call.scope);
          if (target) out.push({ node: target, scope: call.scope });
        }
      }
      this.dependencyCalls = out;
    }
    return this.dependencyCalls;
  }
}
