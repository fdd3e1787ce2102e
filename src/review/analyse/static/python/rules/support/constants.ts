import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../model/analysis.js';
import { resolveName } from '../../model/resolve.js';
import type { Scope } from '../../model/types.js';

/**
 * The literal an expression stands for: itself, a module constant it names, or the default of a
 * settings field (`settings.cors_origins` -> the `cors_origins` default in the Settings class).
 */
export function constantValue(an: Analysis, node: PyNode, scope: Scope, depth = 0): { node: PyNode; scope: Scope } | null {
  const n = unparen(node);
  if (depth > 4) return null;
  if (n.type === 'identifier') {
    const sym = resolveName(an.project, scope, scope.module.file.text(n));
    if (sym.t !== 'var') return sym.t === 'builtin' ? { node: n, scope } : null;
    const b = sym.bindings[sym.bindings.length - 1];
    return b.kind === 'assign' && b.value && (b.index ?? -1) < 0 ? constantValue(an, b.value, b.scope, depth + 1) : null;
  }
  if (n.type === 'attribute') {
    const obj = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    const v = obj ? an.infer.valueOf(obj, scope) : null;
    if (v?.t === 'obj' && attr) {
      const field = v.cls.fields.get(scope.module.file.text(attr));
      return field?.value ? constantValue(an, field.value, v.cls.scope, depth + 1) : null;
    }
    return null;
  }
  return { node: n, scope };
}
