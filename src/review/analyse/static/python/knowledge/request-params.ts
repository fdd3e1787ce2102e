import { unparen, type PyNode } from '../syntax/py-node.js';
import type { Analysis } from './analysis.js';
import { lookupName } from '../model/scope.js';
import type { ClassInfo, FunctionInfo, ParamInfo, Scope } from '../model/types.js';
import { dependencyTarget } from './depends.js';

/**
 * How FastAPI fills the parameters of routes and dependencies: which ones the client writes (query,
 * path, form, body), which it injects (the request, a session, a dependency's value) and which it
 * validates into something that is not free text (int, UUID, an Enum, a Literal).
 */

/** Parameters FastAPI fills with objects, not client text. */
const INJECTED = /^(Request|WebSocket|HTTPConnection|Response|BackgroundTasks|SecurityScopes|UploadFile|Session|AsyncSession|Client|AsyncClient|Connection|Pool)\b|(^|\.)(Request|WebSocket|UploadFile|Session|AsyncSession)$/;

/** What the client controls in a parameter of a route or dependency. */
export interface ClientParam {
  /** For messages: "the form field `extension` of `POST /{slug}/assets`". */
  source: string;
  /** A path parameter without the `:path` convertor: one URL segment, so it can never hold a `/`. */
  segment: boolean;
}

/** False for a parameter that cannot carry client text by its kind (`self`, `*args`), an injected object or an Enum. */
export function mayCarryText(an: Analysis, fn: FunctionInfo, p: ParamInfo): boolean {
  if (p.star || (fn.cls && fn.params[0] === p)) return false;
  return !(INJECTED.test(unannotated(annotationText(fn, p))) || (p.annotation && isEnum(an, p.annotation, fn.scope.parent ?? fn.module.scope)));
}

/**
 * The client's part in a parameter of a route or a dependency: null when FastAPI fills it another way
 * (a dependency's value, an uploaded body), undefined when the function is neither.
 */
export function endpointParam(an: Analysis, fn: FunctionInfo, p: ParamInfo): ClientParam | null | undefined {
  const route = an.route(fn);
  if (!route && !an.isDependency(fn)) return undefined;
  if (dependencyTarget(an.project, fn.scope.parent ?? fn.module.scope, p)) return null;
  const file = fn.module.file;
  const ann = annotationText(fn, p);
  const where = route ? ` of \`${route.methods[0]} ${route.prefix}${route.path}\`` : ` of the dependency \`${fn.name}\``;
  const defaultText = file.text(p.default ?? p.node);
  // An uploaded body (`image: bytes = File(...)`) is content, not text the client names things with.
  if (/\bFile\(/.test(defaultText) || /\bFile\(/.test(ann) || /^bytes(\s*\|\s*None)?$/.test(unannotated(ann))) return null;
  const kind = kindOf(p, ann, route?.path ?? '', defaultText);
  const segment = kind === 'the path parameter' && !new RegExp(`\\{${p.name}:path\\}`).test(route?.path ?? '');
  return { source: `${kind} \`${p.name}\`${where}`, segment };
}

/**
 * The declaration of field `name` of the project model `object` holds an instance of (`data.order` of `data: Search`):
 * the model's classes (itself, then its bases), the class that declares the field and the field. Null when `object`
 * holds no known instance or no class of it declares the field.
 */
export function declaredField(an: Analysis, object: PyNode, name: string, scope: Scope): { chain: ClassInfo[]; cls: ClassInfo; field: NonNullable<ReturnType<ClassInfo['fields']['get']>> } | null {
  const model = an.infer.valueOf(object, scope);
  if (model?.t !== 'obj') return null;
  const chain = [model.cls, ...an.baseClasses(model.cls)];
  const cls = chain.find((c) => c.fields.has(name));
  return cls ? { chain, cls, field: cls.fields.get(name)! } : null;
}

/** An annotation naming a project Enum (`kind: Kind`, `Kind | None`): FastAPI accepts only its values. */
export function isEnum(an: Analysis, annotation: PyNode, scope: Scope): boolean {
  // `Union[Kind, str]`, `Kind | str`: any text is accepted too.
  if (unionMembers(scope.module.file.text(annotation)).some((m) => TEXT_TYPE.test(m))) return false;
  const v = an.infer.annotationValue(annotation, scope);
  if (v?.t !== 'obj') return false;
  return [v.cls, ...an.baseClasses(v.cls)].some((c) => c.bases.some((b) => /(^|\.)(Enum|IntEnum|StrEnum|IntFlag|Flag)$/.test(c.module.file.text(b))));
}

/** A member of a union that takes any text. */
const TEXT_TYPE = /^(?:typing\.)?(str|Any|AnyStr|bytes|constr\(.*\)|\w*Str|Json(\[.*\])?)$/;

/** The members of `Union[A, B]`, `Optional[A]` or `A | B` (nested unions flattened), or the annotation itself. */
export function unionMembers(annotation: string): string[] {
  const t = annotation.replace(/\s+/g, ' ').trim();
  const wrapped = /^(?:typing\.)?(Union|Optional)\[(.*)\]$/.exec(t);
  const parts = splitTop(wrapped ? wrapped[2] : t, wrapped ? ',' : '|');
  if (parts.length === 1 && !wrapped) return [t];
  return parts.flatMap((p) => unionMembers(p));
}

/** Splits at `sep` outside brackets and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out.filter(Boolean);
}

/** `file: UploadFile` (or a loop over `files: list[UploadFile]`). */
export function isUpload(obj: PyNode, scope: Scope): boolean {
  return annotatedAs(obj, scope, /UploadFile/);
}

/** `request: Request` (a WebSocket, an HTTPConnection), or a loop over such. */
export function isRequest(obj: PyNode, scope: Scope): boolean {
  return annotatedAs(obj, scope, /(^|\.)(Request|WebSocket|HTTPConnection)\b/);
}

function annotatedAs(obj: PyNode, scope: Scope, re: RegExp): boolean {
  const o = unparen(obj);
  if (o.type !== 'identifier') return false;
  const bindings = lookupName(scope, scope.module.file.text(o)) ?? [];
  return bindings.some((b) => {
    const file = b.scope.module.file;
    if (b.kind === 'param') return !!b.param?.annotation && re.test(file.text(b.param.annotation));
    if (b.kind === 'for' && b.value && unparen(b.value).type === 'identifier') return annotatedAs(b.value, b.scope, re);
    return false;
  });
}

/** `Annotated[int, Query()]` -> `int`; `Optional[UUID]` and `X | None` are judged on X. */
export function unannotated(ann: string): string {
  const m = /^(?:typing\.)?Annotated\[\s*([^,\]]+)/.exec(ann);
  return (m ? m[1] : ann).trim();
}

/** A parameter's annotation as one line of text ('' when it has none). */
export function annotationText(fn: FunctionInfo, p: ParamInfo): string {
  return p.annotation ? fn.module.file.text(p.annotation).replace(/\s+/g, ' ') : '';
}

function kindOf(p: ParamInfo, ann: string, path: string, defaultText: string): string {
  if (new RegExp(`\\{${p.name}(:[^}]*)?\\}`).test(path)) return 'the path parameter';
  if (/\bForm\(/.test(defaultText) || /\bForm\(/.test(ann)) return 'the form field';
  if (/\bBody\(/.test(defaultText) || /^[A-Z]\w*(\s*\|\s*None)?$/.test(unannotated(ann))) return 'the request body';
  return 'the query parameter';
}
