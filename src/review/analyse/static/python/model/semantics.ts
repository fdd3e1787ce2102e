import { fieldOf, outerParent, unparen, type PyNode } from '../syntax/py-node.js';
import { baseClasses } from './classes.js';
import { Inferrer } from './infer.js';
import type { Project } from './project.js';
import { qualifiedName, resolveExpr } from './resolve.js';
import type { CallInfo, ClassInfo, FunctionInfo, ModuleModel } from './types.js';
import type { Val, ValueKnowledge } from './values.js';

/**
 * Shared, memoised language facts for one review run, computed on demand and reused by every rule:
 * qualified callee names, inferred values, which project function a call runs, class fields. What
 * library objects are is not known here: it comes in as `knowledge` (see ../analysis.ts).
 */
export class Semantics<K extends string = string> {
  readonly infer: Inferrer<K>;
  private readonly qualified = new Map<PyNode, string | null>();
  private readonly facts = new Map<string, unknown>();
  private functionNames: Set<string> | null = null;

  constructor(readonly project: Project, protected readonly modules: () => Iterable<ModuleModel>, knowledge: ValueKnowledge<K>) {
    this.infer = new Inferrer(project, knowledge);
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
  receiverValue(call: CallInfo): Val<K> | null {
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

  value(node: PyNode, call: { scope: CallInfo['scope'] }): Val<K> | null {
    return this.infer.valueOf(node, call.scope);
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
  baseClasses(cls: ClassInfo): ClassInfo[] {
    return baseClasses(this.project, cls);
  }

  /** Field names of a class including the ones it inherits from project base classes. */
  fieldNames(cls: ClassInfo): string[] {
    return [...new Set([cls, ...this.baseClasses(cls)].flatMap((c) => [...c.fields.keys()]))];
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
