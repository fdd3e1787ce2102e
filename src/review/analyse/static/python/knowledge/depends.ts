import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { kwarg, positional } from '../model/call-args.js';
import type { Project } from '../model/project.js';
import { resolveExpr, resolveName } from '../model/resolve.js';
import type { ParamInfo, Scope } from '../model/types.js';
import type { Scoped } from '../model/values.js';

const DEPENDS = /(^|\.)(Depends|Security)$/;

/** True when a call is `Depends(...)` / `Security(...)` (fastapi or an alias of it). */
export function isDependsCall(project: Project, scope: Scope, call: PyNode): boolean {
  if (call.type !== 'call') return false;
  const callee = fieldOf(call, 'function');
  if (!callee) return false;
  // Cheap text test first: only names ending in Depends / Security can be one.
  const src = scope.module.file.source;
  const last = src.charCodeAt(callee.end - 1);
  if (last !== 115 /* s */ && last !== 121 /* y */) return false;
  const sym = resolveExpr(project, scope, callee);
  if (sym?.t === 'ext') return DEPENDS.test(sym.name);
  return DEPENDS.test(scope.module.file.text(callee));
}

/** The dependency callable of `Depends(target)`, or null (`Depends()` relies on the annotation). */
export function dependsTarget(call: PyNode, scope: Scope): PyNode | null {
  return positional(call, 0) ?? kwarg(call, 'dependency', scope.module.file);
}

export type { Scoped };

/** The `Depends(...)` call a parameter declares, through its default or an Annotated annotation. */
export function dependsCallOf(project: Project, scope: Scope, p: ParamInfo): Scoped | null {
  const viaDefault = p.default ? dependsCallAt(project, scope, p.default) : null;
  if (viaDefault) return viaDefault;
  return p.annotation ? dependsInAnnotation(project, scope, p.annotation, 0) : null;
}

/**
 * The `Depends(...)` call an expression is, directly or through a module-level alias
 * (`DependsSuperUser = Depends(superuser_verify)`, used as `dependencies=[DependsSuperUser]` or as a
 * parameter default), possibly imported from another module.
 */
export function dependsCallAt(project: Project, scope: Scope, node: PyNode, depth = 0): Scoped | null {
  const n = unparen(node);
  if (n.type === 'call') return isDependsCall(project, scope, n) ? { node: n, scope } : depth < 3 ? factoryDepends(project, scope, n, depth) : null;
  if ((n.type !== 'identifier' && n.type !== 'attribute') || depth >= 3) return null;
  const sym = resolveExpr(project, scope, n);
  if (sym?.t !== 'var') return null;
  const b = sym.bindings[sym.bindings.length - 1];
  return b.kind === 'assign' && b.value && (b.index ?? -1) < 0 ? dependsCallAt(project, b.valueScope ?? b.scope, b.value, depth + 1) : null;
}

/**
 * A dependency factory: `ctx = require_org_role(can_manage)` calls a project function whose body builds the
 * checker and returns `Depends(_enforce)`; the parameter depends on what it returns.
 */
function factoryDepends(project: Project, scope: Scope, call: PyNode, depth: number): Scoped | null {
  const callee = fieldOf(call, 'function');
  const sym = callee ? resolveExpr(project, scope, callee) : null;
  if (sym?.t !== 'fn') return null;
  for (const r of sym.fn.returns) {
    const found = dependsCallAt(project, sym.fn.scope, r, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The callable a parameter depends on, or null. */
export function dependencyTarget(project: Project, scope: Scope, p: ParamInfo): Scoped | null {
  const call = dependsCallOf(project, scope, p);
  if (!call) return null;
  const target = dependsTarget(call.node, call.scope);
  if (target) return { node: target, scope: call.scope };
  // Depends() with no argument: FastAPI calls the annotated class.
  const head = p.annotation ? annotationHead(p.annotation) : null;
  return head ? { node: head, scope } : null;
}

function dependsInAnnotation(project: Project, scope: Scope, node: PyNode, depth: number): Scoped | null {
  const n = node.type === 'type' && node.children[0] ? node.children[0] : node;
  if (n.type === 'generic_type' || n.type === 'subscript') {
    const stack = [...n.children];
    while (stack.length) {
      const c = stack.pop()!;
      if (c.type === 'call' && isDependsCall(project, scope, c)) return { node: c, scope };
      if (c.type === 'type' || c.type === 'type_parameter') stack.push(...c.children);
    }
    return null;
  }
  if ((n.type === 'identifier' || n.type === 'attribute') && depth < 3) {
    // An alias: CurrentUser = Annotated[User, Depends(get_current_user)], also as `auth.CurrentUser`.
    const sym = resolveExpr(project, scope, n);
    if (sym?.t !== 'var') return null;
    const b = sym.bindings[sym.bindings.length - 1];
    return b.value ? dependsInAnnotation(project, b.scope, b.value, depth + 1) : null;
  }
  return null;
}

function annotationHead(annotation: PyNode): PyNode | null {
  const n = annotation.type === 'type' && annotation.children[0] ? annotation.children[0] : annotation;
  return n.type === 'identifier' || n.type === 'attribute' ? n : null;
}
