import { fieldOf, outerParent, unparen, type PyNode } from './syntax/py-node.js';
import { dependsTarget, isDependsCall } from './knowledge/depends.js';
import { routeOf, type RouteInfo } from './knowledge/fastapi.js';
import type { Scoped } from './knowledge/depends.js';
import { Inferrer, type Val } from './model/infer.js';
import type { Project } from './model/project.js';
import { qualifiedName, resolveExpr } from './model/resolve.js';
import type { CallInfo, ClassInfo, FunctionInfo, ModuleModel } from './model/types.js';
import { isPydanticModel, ormModelOf } from './knowledge/orm.js';
import { indexInclusions } from './knowledge/includes.js';
import type { PgParser } from '../parsers/pg-parser.js';
import type { MigrationFacts } from '../support/migration-facts.js';
import type { KeyCandidate, KeyUsage } from '../support/key-usage.js';

/**
 * Shared, memoised facts for one review run, computed on demand and reused by every rule:
 * qualified callee names, inferred values, routes, and which functions are dependencies.
 */
export class Analysis {
  readonly infer: Inferrer;
  private readonly qualified = new Map<PyNode, string | null>();
  private readonly routes = new Map<FunctionInfo, RouteInfo | null>();
  private dependencyFns: Set<FunctionInfo> | null = null;
  private dependencyCalls: Scoped[] | null = null;
  private readonly facts = new Map<string, unknown>();
  private functionNames: Set<string> | null = null;
  private includes: ((module: ModuleModel, routerKey: string) => Scoped[]) | null = null;

  /** The PostgreSQL parser, when some changed file has SQL worth parsing (loaded on demand). */
  pg: PgParser | null = null;

  /** The change's migrations replayed, when it adds some and a changed model declares a foreign key. */
  migrations: MigrationFacts | null = null;

  /** Whether the application searches rows by a foreign key, when a changed model declares one (absent: unknown). */
  keyUsage: ((candidate: KeyCandidate) => KeyUsage) | null = null;

  constructor(readonly project: Project, private readonly modules: () => Iterable<ModuleModel>) {
    this.infer = new Inferrer(project);
  }

  /** `requests.get`, `time.sleep`, `builtins.open`... for calls of module-level names; else null. */
  qualifiedCallee(call: CallInfo): string | null {
    let q = this.qualified.get(call.node);
    if (q === undefined) {
      const callee = unparen(call.callee);
      q = callee.type === 'identifier' || callee.type === 'attribute' ? qualifiedName(this.project, call.scope, callee) : null;
      this.qualified.set(call.node, q);
    }
    return q;
  }

  /** The qualified external name of any identifier / attribute chain seen from a scope. */
  qualifiedOf(node: PyNode, scope: CallInfo['scope']): string | null {
    const n = unparen(node);
    return n.type === 'identifier' || n.type === 'attribute' ? qualifiedName(this.project, scope, n) : null;
  }

  /** The inferred value of the receiver of a method call (`db` in `db.execute(...)`). */
  receiverValue(call: CallInfo): Val | null {
    const callee = unparen(call.callee);
    if (callee.type !== 'attribute') return null;
    const obj = fieldOf(callee, 'object');
    return obj ? this.infer.valueOf(obj, call.scope) : null;
  }

  /** The project function a call invokes, when it resolves to one. */
  calledFunction(call: CallInfo): FunctionInfo | null {
    return this.calledFunctionAt(call.callee, call.scope);
  }

  /** The project function an expression names (`helper`, `self.method`, `svc.run`), or null. */
  calledFunctionAt(callee: PyNode, scope: CallInfo['scope']): FunctionInfo | null {
    const c = unparen(callee);
    const sym = resolveExpr(this.project, scope, c);
    if (sym?.t === 'fn') return sym.fn;
    const v = this.infer.valueOf(c, scope);
    return v?.t === 'sym' && v.sym.t === 'fn' ? v.sym.fn : null;
  }

  value(node: PyNode, call: { scope: CallInfo['scope'] }): Val | null {
    return this.infer.valueOf(node, call.scope);
  }

  route(fn: FunctionInfo): RouteInfo | null {
    let r = this.routes.get(fn);
    if (r === undefined) {
      r = routeOf(this.project, fn);
      this.routes.set(fn, r);
    }
    return r;
  }

  /**
   * True when some loaded module defines a function or method with this name: a cheap filter
   * before resolving a call to a project function.
   */
  mayBeProjectFunction(name: string): boolean {
    if (!this.functionNames) {
      const names = new Set<string>();
      for (const m of this.modules()) for (const fn of m.functions) names.add(fn.name);
      // Classes too: calling one runs its __init__ / returns an instance.
      for (const m of this.modules()) for (const c of m.classes) names.add(c.name);
      this.functionNames = names;
    }
    return this.functionNames.has(name);
  }

  /** The project classes a class derives from (nearest first, bounded), for inherited fields. */
  baseClasses(cls: ClassInfo, depth = 0): ClassInfo[] {
    if (depth > 4) return [];
    const out: ClassInfo[] = [];
    for (const b of cls.bases) {
      const sym = resolveExpr(this.project, cls.scope.parent ?? cls.module.scope, b);
      if (sym?.t === 'cls' && sym.cls !== cls) out.push(sym.cls, ...this.baseClasses(sym.cls, depth + 1));
    }
    return out;
  }

  /** True for a Pydantic model (directly or through project base classes), not a mapped table. */
  isPydantic(cls: ClassInfo): boolean {
    return [cls, ...this.baseClasses(cls)].some((c) => isPydanticModel(c)) && !ormModelOf(cls);
  }

  /** Field names of a class including the ones it inherits from project base classes. */
  fieldNames(cls: ClassInfo): string[] {
    return [...new Set([cls, ...this.baseClasses(cls)].flatMap((c) => [...c.fields.keys()]))];
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
          const target = dependsTarget(call.node, call.scope);
          if (target) out.push({ node: target, scope: call.scope });
        }
      }
      this.dependencyCalls = out;
    }
    return this.dependencyCalls;
  }

  /** Every module loaded for this run: the changed ones and what they import, within the bound. */
  loadedModules(): Iterable<ModuleModel> {
    return this.modules();
  }

  /** A fact about the whole run, computed once (`compute` must depend on the loaded modules only). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.facts.has(key)) this.facts.set(key, compute());
    return this.facts.get(key) as T;
  }
}

/** True when the call's value is awaited (`await f()`, possibly parenthesised). */
export function isAwaited(call: PyNode): boolean {
  return outerParent(call)?.type === 'await';
}
