import type { PyNode } from '../syntax/py-node.js';
import type { Binding, ClassInfo, FunctionInfo, ModuleModel, Scope } from './types.js';

export function newScope(kind: Scope['kind'], parent: Scope | null, module: ModuleModel, fn: FunctionInfo | null, cls: ClassInfo | null): Scope {
  return { kind, parent, bindings: new Map(), module, fn, cls };
}

export function addBinding(scope: Scope, b: Omit<Binding, 'scope'>): void {
  // Callers pass a fresh literal: completing it in place avoids a copy per binding.
  const full = b as Binding;
  full.scope = scope;
  const list = scope.bindings.get(b.name);
  if (list) list.push(full);
  else scope.bindings.set(b.name, [full]);
}

/** The bindings of a name as seen from `scope`: the innermost scope that binds it wins. */
export function lookupName(scope: Scope, name: string): Binding[] | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const found = s.bindings.get(name);
    if (found) return found;
  }
  return null;
}

/**
 * True when a binding is in effect at `use`: it comes earlier and its value does not contain the use
 * (`x = [e for e in x if ...]` reads the previous `x`). A comprehension's loop variable is in effect
 * anywhere inside the comprehension, even in the element expression written before it.
 */
export function isPrior(b: Binding, use: PyNode): boolean {
  const clause = b.node.parent;
  if (b.kind === 'for' && clause?.type === 'for_in_clause' && clause.parent) {
    const comp = clause.parent;
    if (use.start >= comp.start && use.end <= comp.end) return true;
  }
  if (b.node.start >= use.start) return false;
  return !(b.value && use.start >= b.value.start && use.end <= b.value.end);
}

/** The binding in effect at `use`: the last one before it in the same scope, else the last one. */
export function bindingAt(bindings: Binding[], use: PyNode): Binding | null {
  let best: Binding | null = null;
  for (const b of bindings) if (isPrior(b, use)) best = b;
  return best ?? bindings[bindings.length - 1] ?? null;
}
