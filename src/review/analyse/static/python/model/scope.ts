import type { Binding, ClassInfo, FunctionInfo, ModuleModel, Scope } from './types.js';

export function newScope(kind: Scope['kind'], parent: Scope | null, module: ModuleModel, fn: FunctionInfo | null, cls: ClassInfo | null): Scope {
  return { kind, parent, bindings: new Map(), module, fn, cls };
}

export function addBinding(scope: Scope, b: Omit<Binding, 'scope'>): void {
  const full = { ...b, scope } as Binding;
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
