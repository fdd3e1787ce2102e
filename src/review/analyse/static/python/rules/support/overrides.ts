// Methods a call on a base class may run: the overrides of project subclasses, and whether a method is only a declaration.
import type { Analysis } from '../../knowledge/analysis.js';
import { receiver } from '../../model/call-args.js';
import type { Semantics } from '../../model/semantics.js';
import type { CallInfo, ClassInfo, FunctionInfo } from '../../model/types.js';
import { unparen } from '../../syntax/py-node.js';

/** The loaded project classes that derive from `cls`, directly or not. */
export function subclassesOf(an: Analysis, cls: ClassInfo): ClassInfo[] {
  return subclassIndex(an).get(cls) ?? [];
}

/** Every loaded class's subclasses, built once per run (a whole tree asks about many classes). */
function subclassIndex(an: Analysis): Map<ClassInfo, ClassInfo[]> {
  return an.memo('subclasses', () => {
    const index = new Map<ClassInfo, ClassInfo[]>();
    for (const m of an.loadedModules()) {
      for (const c of m.classes) {
        for (const base of new Set(an.baseClasses(c))) {
          if (base === c) continue;
          const subs = index.get(base);
          if (subs) subs.push(c);
          else index.set(base, [c]);
        }
      }
    }
    return index;
  });
}

/** The methods of project subclasses that override `fn`: a call on the base may run any of them. */
export function overridesOf(an: Analysis, fn: FunctionInfo): FunctionInfo[] {
  if (!fn.cls) return [];
  return subclassesOf(an, fn.cls).flatMap((c) => c.methods.get(fn.name) ?? []);
}

/** `@abstractmethod`, or a body of only a docstring, `pass`, `...` or `raise NotImplementedError`. */
export function isAbstract(f: FunctionInfo): boolean {
  const file = f.module.file;
  if (f.decorators.some((d) => /abstractmethod/.test(file.text(d)))) return true;
  const statements = (f.body?.children ?? []).filter((n) => n.type !== 'comment' && !(n.type === 'expression_statement' && n.children[0]?.type === 'string'));
  return statements.every((n) => n.type === 'pass_statement' || /^(\.\.\.|raise\s+NotImplementedError\b.*)$/.test(file.text(n).trim()));
}

/**
 * The implementations a call of an abstract method may run: the overrides that are not abstract themselves, when
 * the receiver's static type is the method's class (`self.request()` in the base class, `client.request()` on a
 * parameter typed with it), so that any subclass may stand behind it. Empty for a concrete method, or a receiver
 * whose type is something else (an instance built right there runs the base's own body; a subclass's `self` its
 * own overrides, not its siblings').
 */
export function implementationsOf(an: Analysis, call: CallInfo, method: FunctionInfo): FunctionInfo[] {
  if (!method.cls || !isAbstract(method) || !receiverIsOf(an, call, method.cls)) return [];
  return overridesOf(an, method).filter((o) => !isAbstract(o));
}

/** True when the call's receiver is a parameter of its function whose static type is `cls`: `self` of a method of `cls`, or one annotated with it. */
export function receiverIsOf(an: Semantics, call: CallInfo, cls: ClassInfo): boolean {
  const fn = call.fn;
  const recv = receiver(call.node);
  const n = recv ? unparen(recv) : null;
  if (!fn || !n || n.type !== 'identifier') return false;
  const file = fn.module.file;
  const name = file.text(n);
  const param = fn.params.find((p) => p.name === name && !p.star);
  // A name the function rebinds may hold anything.
  if (!param || fn.scope.bindings.get(name)?.some((b) => b.kind !== 'param')) return false;
  if (fn.cls && fn.params[0] === param && !fn.decorators.some((d) => /staticmethod|classmethod/.test(file.text(d)))) return fn.cls === cls;
  const typed = param.annotation ? an.infer.annotationValue(param.annotation, fn.scope.parent ?? fn.module.scope) : null;
  return typed?.t === 'obj' && typed.cls === cls;
}
