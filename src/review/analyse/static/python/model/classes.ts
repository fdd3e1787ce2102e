import { unparen } from '../syntax/py-node.js';
import type { Project } from './project.js';
import { resolveExpr } from './resolve.js';
import type { ClassInfo } from './types.js';

/** A project class and its project base classes, nearest first (`class Docs(BaseService[Doc])`), bounded. */
export function classChain(project: Project, cls: ClassInfo): ClassInfo[] {
  const out: ClassInfo[] = [cls];
  for (let i = 0; i < out.length && out.length < 8; i++) {
    const c = out[i];
    for (const b of c.bases) {
      const n = unparen(b);
      const head = n.type === 'subscript' || n.type === 'generic_type' ? n.children[0] : n;
      const sym = head ? resolveExpr(project, c.scope.parent ?? c.module.scope, head) : null;
      if (sym?.t === 'cls' && !out.includes(sym.cls)) out.push(sym.cls);
    }
  }
  return out;
}

/** The project classes a class derives from, as written (no generic bases), nearest first and bounded. */
export function baseClasses(project: Project, cls: ClassInfo, depth = 0): ClassInfo[] {
  if (depth > 4) return [];
  const out: ClassInfo[] = [];
  for (const b of cls.bases) {
    const sym = resolveExpr(project, cls.scope.parent ?? cls.module.scope, b);
    if (sym?.t === 'cls' && sym.cls !== cls) out.push(sym.cls, ...baseClasses(project, sym.cls, depth + 1));
  }
  return out;
}
