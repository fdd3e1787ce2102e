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
  if (SEQUENCE_TARGET.has(target.type)) bindElements(model, params, target, []);
}

const SEQUENCE_TARGET = new Set(['pattern_list', 'tuple_pattern', 'tuple', 'list_pattern', 'list', 'parenthesized_expression']);

/**
 * The names of a tuple target, nested ones too (`for i, (key, value) in enumerate(d.items())`): `index` is the
 * position at the top level, `path` the position at every level.
 */
function bindElements(model: ModuleModel, params: Parameters<typeof bindTargets>[1], target: PyNode, at: number[]): void {
  const { kind, value, scope, isAsync } = params;
  const elements = target.type === 'parenthesized_expression' ? target.children.filter((c) => c.type !== 'comment') : target.children;
  if (target.type === 'parenthesized_expression' && (elements.length !== 1 || !SEQUENCE_TARGET.has(elements[0].type))) return;
  if (target.type === 'parenthesized_expression') return bindElements(model, params, elements[0], at);
  elements.forEach((el, i) => {
    const path = [...at, i];
    if (SEQUENCE_TARGET.has(el.type)) return bindElements(model, params, el, path);
    if (el.type !== 'identifier') return;
    const name = model.file.text(el);
    const into = bindingScope(model, scope, name);
    addBinding(into, { kind, name, node: el, value: value ?? undefined, index: path[0], ...(path.length > 1 ? { path } : {}), isAsync, valueScope: into === scope ? undefined : scope });
  });
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
