// Methods a call on a base class may run: the overrides of project subclasses, and whether a method is only a declaration.
import type { Analysis } from '../../knowledge/analysis.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';

/** The loaded project classes that derive from `cls`, directly or not. */
export function subclassesOf(an: Analysis, cls: ClassInfo): ClassInfo[] {
  const out: ClassInfo[] = [];
  for (const m of an.loadedModules()) for (const c of m.classes) if (c !== cls && an.baseClasses(c).includes(cls)) out.push(c);
  return out;
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
