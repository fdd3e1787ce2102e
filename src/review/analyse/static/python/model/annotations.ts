import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import type { Val } from './infer.js';
import { ANNOTATIONS, ASYNC_SUPABASE_ANNOTATIONS } from '../knowledge/known.js';
import { SDK_ANNOTATIONS } from '../knowledge/known-sdk.js';
import type { Project } from './project.js';
import { resolveDotted, resolveExpr, type Sym } from './resolve.js';
import type { Scope } from './types.js';

/** The value an annotation promises (`AsyncSession`, `Annotated[Client, ...]`, `User | None`). */
export function annotationValue(project: Project, node: PyNode, scope: Scope): Val | null {
  const n = unparen(node.type === 'type' && node.children[0] ? node.children[0] : node);
  const text = (x: PyNode) => scope.module.file.text(x);
  if (n.type === 'string') {
    const name = text(n).replace(/^[rbu]*["']+|["']+$/gi, '').trim();
    return /^[A-Za-z_][\w.]*$/.test(name) ? symAnnotation(project, resolveDotted(project, scope, name)) : null;
  }
  if (n.type === 'binary_operator') {
    const left = fieldOf(n, 'left');
    return left ? annotationValue(project, left, scope) : null;
  }
  if (n.type === 'generic_type' || n.type === 'subscript') {
    const head = n.children[0];
    const headName = head ? symName(resolveExpr(project, scope, head)) : null;
    const args = typeArgs(n);
    if (headName && /(^|\.)(Annotated|Optional|Union)$/.test(headName) && args[0]) return annotationValue(project, args[0], scope);
    return null;
  }
  return symAnnotation(project, resolveExpr(project, scope, n));
}

const GENERATOR = /(^|\.)(Generator|Iterator|Iterable|AsyncGenerator|AsyncIterator|AsyncIterable|ContextManager|AbstractContextManager|AsyncContextManager|AbstractAsyncContextManager)$/;

/** What a generator annotated `-> Generator[Path, None, None]` / `Iterator[Session]` yields. */
export function yieldAnnotationValue(project: Project, node: PyNode, scope: Scope): Val | null {
  const n = unparen(node.type === 'type' && node.children[0] ? node.children[0] : node);
  if (n.type !== 'generic_type' && n.type !== 'subscript') return null;
  const head = n.children[0];
  const headName = head ? symName(resolveExpr(project, scope, head)) : null;
  const first = typeArgs(n)[0];
  return headName && GENERATOR.test(headName) && first ? annotationValue(project, first, scope) : null;
}

function symAnnotation(project: Project, sym: Sym | null): Val | null {
  if (!sym) return null;
  if (sym.t === 'ext') {
    const kind = ANNOTATIONS[sym.name];
    if (!kind) return SDK_ANNOTATIONS[sym.name] ? { t: 'inst', kind: 'sdk.Client', sdk: SDK_ANNOTATIONS[sym.name] } : { t: 'sym', sym };
    return { t: 'inst', kind, async: ASYNC_SUPABASE_ANNOTATIONS.has(sym.name) || undefined };
  }
  if (sym.t === 'cls') return { t: 'obj', cls: sym.cls };
  if (sym.t === 'var') {
    // A type alias: SessionDep = Annotated[AsyncSession, Depends(get_db)].
    const b = sym.bindings[sym.bindings.length - 1];
    return b.value ? annotationValue(project, b.value, b.scope) : null;
  }
  return null;
}

function symName(sym: Sym | null): string | null {
  return sym?.t === 'ext' ? sym.name : null;
}

function typeArgs(n: PyNode): PyNode[] {
  if (n.type === 'generic_type') {
    const params = n.children.find((c) => c.type === 'type_parameter');
    return params ? params.children : [];
  }
  return n.children.filter((c) => c.field === 'subscript');
}
