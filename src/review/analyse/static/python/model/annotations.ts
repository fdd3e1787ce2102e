import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import type { Project } from './project.js';
import { resolveDotted, resolveExpr, type Sym } from './resolve.js';
import type { Scope } from './types.js';
import type { Val, ValueKnowledge } from './values.js';

/** What reading an annotation needs: the project to resolve names in, the knowledge of library types. */
export interface AnnotationReader<K extends string> {
  project: Project;
  knowledge: ValueKnowledge<K>;
}

/** The value an annotation promises (`AsyncSession`, `Annotated[Client, ...]`, `User | None`). */
export function annotationValue<K extends string>(reader: AnnotationReader<K>, node: PyNode, scope: Scope): Val<K> | null {
  const { project } = reader;
  const n = unparen(node.type === 'type' && node.children[0] ? node.children[0] : node);
  const text = (x: PyNode) => scope.module.file.text(x);
  if (n.type === 'string') {
    const name = text(n).replace(/^[rbu]*["']+|["']+$/gi, '').trim();
    return /^[A-Za-z_][\w.]*$/.test(name) ? symAnnotation(reader, resolveDotted(project, scope, name)) : null;
  }
  if (n.type === 'binary_operator') {
    const left = fieldOf(n, 'left');
    return left ? annotationValue(reader, left, scope) : null;
  }
  if (n.type === 'generic_type' || n.type === 'subscript') {
    const head = n.children[0];
    const headName = head ? symName(resolveExpr(project, scope, head)) : null;
    const args = typeArgs(n);
    if (headName && /(^|\.)(Annotated|Optional|Union)$/.test(headName) && args[0]) return annotationValue(reader, args[0], scope);
    return null;
  }
  return symAnnotation(reader, resolveExpr(project, scope, n));
}

const GENERATOR = /(^|\.)(Generator|Iterator|Iterable|AsyncGenerator|AsyncIterator|AsyncIterable|ContextManager|AbstractContextManager|AsyncContextManager|AbstractAsyncContextManager)$/;

/** What a generator annotated `-> Generator[Path, None, None]` / `Iterator[Session]` yields. */
export function yieldAnnotationValue<K extends string>(reader: AnnotationReader<K>, node: PyNode, scope: Scope): Val<K> | null {
  const n = unparen(node.type === 'type' && node.children[0] ? node.children[0] : node);
  if (n.type !== 'generic_type' && n.type !== 'subscript') return null;
  const head = n.children[0];
  const headName = head ? symName(resolveExpr(reader.project, scope, head)) : null;
  const first = typeArgs(n)[0];
  return headName && GENERATOR.test(headName) && first ? annotationValue(reader, first, scope) : null;
}

function symAnnotation<K extends string>(reader: AnnotationReader<K>, sym: Sym | null): Val<K> | null {
  if (!sym) return null;
  if (sym.t === 'ext') return reader.knowledge.annotation(sym.name) ?? { t: 'sym', sym };
  if (sym.t === 'cls') return { t: 'obj', cls: sym.cls };
  if (sym.t === 'var') {
    // A type alias: SessionDep = Annotated[AsyncSession, Depends(get_db)].
    const b = sym.bindings[sym.bindings.length - 1];
    return b.value ? annotationValue(reader, b.value, b.scope) : null;
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
