import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { annotationValue, yieldAnnotationValue } from './annotations.js';
import type { Project } from './project.js';
import { memberOf, resolveExpr, resolveName, type Sym } from './resolve.js';
import { bindingAt } from './scope.js';
import { classChain } from './classes.js';
import type { Binding, FunctionInfo, Scope } from './types.js';
import type { Val, ValueKnowledge } from './values.js';

const MAX_DEPTH = 24;

/**
 * A small, memoised value inference over the project's modules: follows assignments, parameters
 * (annotations and what they are injected with), imports, calls of project functions, and library
 * objects as the framework knowledge it is given describes them.
 */
export class Inferrer<K extends string = string> {
  private readonly memo = new Map<PyNode, Val<K> | null>();
  private readonly returns = new Map<FunctionInfo, Val<K> | null>();
  private depth = 0;

  constructor(readonly project: Project, readonly knowledge: ValueKnowledge<K>) {}

  valueOf(node: PyNode, scope: Scope): Val<K> | null {
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached;
    if (this.depth > MAX_DEPTH) return null;
    this.memo.set(node, null); // breaks cycles
    this.depth++;
    let v: Val<K> | null;
    try {
      v = this.compute(unparen(node), scope);
    } finally {
      this.depth--;
    }
    this.memo.set(node, v);
    return v;
  }

  private compute(node: PyNode, scope: Scope): Val<K> | null {
    const text = (n: PyNode) => scope.module.file.text(n);
    switch (node.type) {
      case 'identifier':
        return this.nameValue(resolveName(this.project, scope, text(node)), node);
      case 'attribute': {
        const obj = fieldOf(node, 'object');
        const attr = fieldOf(node, 'attribute');
        if (!obj || !attr) return null;
        if (/(^|\.)state$/.test(text(obj))) return this.stateValue(text(attr));
        return this.attributeOf(this.valueOf(obj, scope), text(attr));
      }
      case 'call':
        return this.callValue(node, scope);
      case 'await': {
        const inner = node.children[0] ? this.valueOf(node.children[0], scope) : null;
        if (inner?.t === 'coro') return inner.of;
        return inner?.t === 'inst' ? inner : null;
      }
      case 'binary_operator': {
        // `a / b` calls `a.__truediv__(b)` (pathlib: BASE / "name" is a Path).
        const left = fieldOf(node, 'left');
        const lv = node.tokens?.[0] === '/' && left ? this.valueOf(left, scope) : null;
        return lv?.t === 'inst' ? this.knowledge.methodResult(lv, '__truediv__') : null;
      }
      case 'conditional_expression':
        return node.children[0] ? this.valueOf(node.children[0], scope) : null;
      default:
        return null;
    }
  }

  private nameValue(sym: Sym, use: PyNode): Val<K> | null {
    if (sym.t === 'var') {
      const b = bindingAt(sym.bindings, use);
      if (!b) return null;
      if (b.scope.kind !== 'module' || sym.bindings.length < 2) return this.bindingValue(b);
      // A module global that starts as None and is set at startup or on first use
      // (`_admin = None` ... `global _admin; _admin = create_client(...)`): any assigned value tells more.
      const others = sym.bindings.filter((x) => x !== b).reverse();
      for (const x of [b, ...others]) {
        const v = this.assignedValue(x);
        if (v) return v;
      }
      return this.bindingValue(b);
    }
    if (sym.t === 'builtin') return null;
    return this.symValue(sym);
  }

  /** A symbol as a value: a library global the knowledge describes (a session proxy) is that object. */
  private symValue(sym: Sym): Val<K> {
    const known = sym.t === 'ext' ? this.knowledge.global?.(sym.name) : null;
    return known ?? { t: 'sym', sym };
  }

  bindingValue(b: Binding): Val<K> | null {
    switch (b.kind) {
      case 'param':
        return b.param && b.fn ? this.paramValue(b.fn, b.param.name) : null;
      case 'assign':
      case 'walrus':
        return this.assignedValue(b) ?? (b.annotation ? this.annotationValue(b.annotation, b.scope) : null);
      case 'with':
        return b.value ? this.withValue(b.value, b.scope) : null;
      default:
        return null;
    }
  }

  /** The value an assignment gives its name (not its annotation), or null. */
  private assignedValue(b: Binding): Val<K> | null {
    if ((b.kind !== 'assign' && b.kind !== 'walrus') || !b.value) return null;
    const scope = b.valueScope ?? b.scope;
    if (b.index === undefined || b.index < 0) return this.valueOf(b.value, scope);
    const el = tupleElement(b.value, b.index);
    return el ? this.valueOf(el, scope) : null;
  }

  /** What the app keeps in `app.state.<name>`, from the assignment that sets it (usually in the lifespan). */
  private stateValue(name: string): Val<K> | null {
    for (const m of this.project.loadedModels()) {
      for (const a of m.stateAssigns) {
        if (a.name !== name) continue;
        const v = this.valueOf(a.value, a.scope);
        if (v) return v;
      }
    }
    return null;
  }

  /** The value a parameter holds: `self`, its annotation, or what its dependency provides. */
  paramValue(fn: FunctionInfo, name: string): Val<K> | null {
    const p = fn.params.find((x) => x.name === name);
    if (!p) return null;
    const outer = fn.scope.parent ?? fn.module.scope;
    if (fn.cls && fn.params[0] === p && !fn.decorators.some((d) => /staticmethod|classmethod/.test(fn.module.file.text(d)))) {
      return { t: 'obj', cls: fn.cls };
    }
    const fromAnnotation = p.annotation ? this.annotationValue(p.annotation, outer) : null;
    const dep = this.knowledge.injectedBy(outer, p);
    const provided = dep ? this.providedBy(dep.node, dep.scope) : null;
    // `db: Client = Depends(get_admin_client)`: the dependency knows more (a service-role client).
    if (provided && (!fromAnnotation || fromAnnotation.t === 'sym' || (provided.t === 'inst' && fromAnnotation.t === 'inst' && provided.kind === fromAnnotation.kind))) {
      return provided;
    }
    return fromAnnotation ?? provided;
  }

  /** The value a callable provides when the framework injects it (FastAPI's `Depends(target)`). */
  providedBy(target: PyNode, scope: Scope): Val<K> | null {
    const sym = resolveExpr(this.project, scope, target);
    if (sym?.t === 'cls') return { t: 'obj', cls: sym.cls };
    if (sym?.t !== 'fn') return null;
    const fn = sym.fn;
    if (fn.yields.length) return this.yieldedValue(fn);
    const r = this.returnOf(fn);
    return r?.t === 'coro' ? r.of : r;
  }

  /** `with cm() as x`: the context manager itself, or what a project `@contextmanager` generator yields. */
  private withValue(value: PyNode, scope: Scope): Val<K> | null {
    const v = this.valueOf(value, scope);
    const n = unparen(value);
    if (v || n.type !== 'call') return v;
    const callee = fieldOf(n, 'function');
    const fv = callee ? this.valueOf(callee, scope) : null;
    return fv?.t === 'sym' && fv.sym.t === 'fn' && fv.sym.fn.yields.length ? this.yieldedValue(fv.sym.fn) : null;
  }

  /** What a generator yields first: the yielded expression, else its `Generator[X, ...]` annotation. */
  private yieldedValue(fn: FunctionInfo): Val<K> | null {
    const yielded = fn.yields[0].children[0];
    const v = yielded ? this.valueOf(yielded, fn.scope) : null;
    return v ?? (fn.returnType ? yieldAnnotationValue(this, fn.returnType, fn.scope.parent ?? fn.module.scope) : null);
  }

  /** What calling a project function gives (a coroutine for `async def`). */
  returnOf(fn: FunctionInfo): Val<K> | null {
    if (this.returns.has(fn)) return this.returns.get(fn)!;
    this.returns.set(fn, null);
    let v: Val<K> | null = null;
    const outer = fn.scope.parent ?? fn.module.scope;
    if (fn.returnType) v = this.annotationValue(fn.returnType, outer);
    // The returned value is more specific than the annotation (`-> Client` built with the service key).
    if ((!v || v.t !== 'obj') && !fn.yields.length) {
      for (const r of fn.returns) {
        const rv = this.valueOf(r, fn.scope);
        if (rv && (!v || v.t === 'sym' || (rv.t === 'inst' && v.t === 'inst' && rv.kind === v.kind))) {
          v = rv;
          break;
        }
      }
    }
    if (v?.t === 'sym') v = null;
    const result: Val<K> | null = fn.isAsync && !fn.yields.length && !this.runsToCompletion(fn) ? { t: 'coro', of: v } : v;
    this.returns.set(fn, result);
    return result;
  }

  /**
   * `@typer_async` over an `async def`: a project decorator whose wrapper is a plain `def` that runs the
   * coroutine to completion (`asyncio.run(f(*args))`), so calling the decorated function returns its result.
   */
  private runsToCompletion(fn: FunctionInfo): boolean {
    const outer = fn.scope.parent ?? fn.module.scope;
    return fn.decorators.some((d) => {
      const dv = this.valueOf(d.type === 'call' ? d.children.find((c) => c.field === 'function') ?? d : d, outer);
      const deco = dv?.t === 'sym' && dv.sym.t === 'fn' ? dv.sym.fn : null;
      const body = deco?.body ? deco.module.file.text(deco.body) : '';
      return /^\s*def\s/m.test(body) && !/\basync\s+def\b/.test(body) && /\b(asyncio\.run|anyio\.run|trio\.run|run_until_complete)\(/.test(body);
    });
  }

  /** The value an annotation promises (`AsyncSession`, `Annotated[Client, ...]`, `User | None`). */
  annotationValue(node: PyNode, scope: Scope): Val<K> | null {
    return annotationValue(this, node, scope);
  }

  private attributeOf(base: Val<K> | null, attr: string): Val<K> | null {
    if (!base) return null;
    if (base.t === 'sym') {
      const m = memberOf(this.project, base.sym, attr);
      return m && m.t !== 'var' && m.t !== 'builtin' ? this.symValue(m) : m?.t === 'var' ? this.bindingValue(m.bindings[m.bindings.length - 1]) : null;
    }
    if (base.t === 'inst') return this.knowledge.attribute(base, attr);
    if (base.t === 'obj') {
      for (const cls of classChain(this.project, base.cls)) {
        // `self.client = None` in `__init__`, set for real later: the attribute holds what it is set to.
        const all = cls.selfAttrs.get(attr) ?? [];
        const assigned = all.find((a) => unparen(a.value).type !== 'none') ?? all[0];
        if (assigned) return this.valueOf(assigned.value, assigned.scope);
        const field = cls.fields.get(attr);
        if (field?.annotation) return this.annotationValue(field.annotation, cls.scope);
        const method = cls.methods.get(attr);
        if (method) return { t: 'sym', sym: { t: 'fn', fn: method } };
      }
    }
    return null;
  }

  private callValue(call: PyNode, scope: Scope): Val<K> | null {
    const callee = fieldOf(call, 'function');
    if (!callee) return null;
    const c = unparen(callee);
    if (c.type === 'attribute') {
      const obj = fieldOf(c, 'object');
      const attr = fieldOf(c, 'attribute');
      const base = obj ? this.valueOf(obj, scope) : null;
      if (base?.t === 'inst' && attr) return this.knowledge.methodResult(base, scope.module.file.text(attr));
    }
    const fv = this.valueOf(c, scope);
    if (!fv) return null;
    if (fv.t === 'inst') return this.knowledge.methodResult(fv, '__call__');
    if (fv.t !== 'sym') return null;
    const sym = fv.sym;
    if (sym.t === 'fn') return this.returnOf(sym.fn);
    if (sym.t === 'cls') return { t: 'obj', cls: sym.cls };
    if (sym.t === 'ext') return this.knowledge.callResult(sym.name, call, scope);
    return null;
  }
}

/** The element of a tuple or list value that the target at `index` of `a, b = value` binds, or null. */
function tupleElement(value: PyNode, index: number): PyNode | null {
  const v = unparen(value);
  if (v.type === 'tuple' || v.type === 'expression_list' || v.type === 'list') return v.children[index] ?? null;
  return null;
}
