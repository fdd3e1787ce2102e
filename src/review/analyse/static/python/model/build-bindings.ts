import { fieldOf, type PyNode } from '../syntax/py-node.js';
import { addBinding } from './scope.js';
import type { BindingKind, ClassInfo, FunctionInfo, ModuleModel, Scope } from './types.js';

/** Binds the names of an assignment / loop / `with` target (a name, or a tuple of names) in `scope`. */
export function bindTargets(model: ModuleModel, params: { target: PyNode | null; kind: BindingKind; value: PyNode | null; scope: Scope; annotation?: PyNode | null; isAsync?: boolean }): void {
  const { target, kind, value, scope, annotation, isAsync } = params;
  if (!target) return;
  if (target.type === 'identifier') {
    const name = model.file.text(target);
    const into = bindingScope(model, scope, name);
    addBinding(into, { kind, name, node: target, value: value ?? undefined, index: -1, annotation: annotation ?? undefined, isAsync, valueScope: into === scope ? undefined : scope });
    return;
  }
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'tuple' || target.type === 'list_pattern' || target.type === 'list') {
    target.children.forEach((el, index) => {
      if (el.type !== 'identifier') return;
      const name = model.file.text(el);
      const into = bindingScope(model, scope, name);
      addBinding(into, { kind, name, node: el, value: value ?? undefined, index, isAsync, valueScope: into === scope ? undefined : scope });
    });
  }
}

/** `global x` in a function: assignments to x bind the module-level name (lazily built clients). */
function bindingScope(model: ModuleModel, scope: Scope, name: string): Scope {
  return scope.kind === 'function' && scope.fn?.globalNames?.has(name) ? model.scope : scope;
}

/**
 * What an assignment tells beyond its bindings: a class-body field, a `self.x = value` of a method,
 * or a shared object set on `app.state`.
 */
export function recordAssignment(model: ModuleModel, params: { left: PyNode | null; right: PyNode | null; annotation: PyNode | null; scope: Scope; fn: FunctionInfo | null }): void {
  const { left, right, annotation, scope, fn } = params;
  if (scope.kind === 'class' && left?.type === 'identifier' && scope.cls) {
    scope.cls.fields.set(model.file.text(left), { node: left, annotation, value: right });
  }
  if (left?.type === 'attribute' && right && fn?.cls) recordSelfAttr(fn.cls, left, right, scope);
  if (left?.type === 'attribute' && right) recordStateAssign(model, left, right, scope);
}

/** `app.state.pool = await asyncpg.create_pool(...)` in the lifespan: what `request.app.state.pool` holds. */
function recordStateAssign(model: ModuleModel, left: PyNode, value: PyNode, scope: Scope): void {
  const obj = fieldOf(left, 'object');
  const attr = fieldOf(left, 'attribute');
  if (!obj || !attr || !/(^|\.)state$/.test(model.file.text(obj))) return;
  model.stateAssigns.push({ name: model.file.text(attr), value, scope });
}

function recordSelfAttr(cls: ClassInfo, left: PyNode, value: PyNode, scope: Scope): void {
  const obj = fieldOf(left, 'object');
  const attr = fieldOf(left, 'attribute');
  if (!obj || !attr || obj.type !== 'identifier' || cls.module.file.text(obj) !== 'self') return;
  const name = cls.module.file.text(attr);
  const list = cls.selfAttrs.get(name);
  if (list) list.push({ value, scope });
  else cls.selfAttrs.set(name, [{ value, scope }]);
}
