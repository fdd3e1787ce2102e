import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { kwarg, methodName, positional, receiver } from '../../model/call-args.js';
import { dependencyTarget } from '../../knowledge/depends.js';
import { ormModelOf } from '../../knowledge/orm.js';
import { resolveExpr } from '../../model/resolve.js';
import { isPrior, lookupName } from '../../model/scope.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';
import { isPrivilegedRoute } from '../../knowledge/route-auth.js';
import { argumentFor, productionCallersOf } from './callers.js';

/** Columns a client must not choose: ownership, tenancy, privileges, money. */
export const PRIVILEGED = /^(owner_id|owner|user_id|created_by|author_id|tenant_id|role|roles|is_admin|admin|is_superuser|superuser|is_staff|staff|permissions|scopes|is_verified|email_verified|balance|credits)$/;
const DUMP = /^(model_dump|dict)$/;
/** Privileged names without an `_id` / `is_` shape: privileged only when they hold an id or a flag. */
const BARE_NAME = /^(owner|admin|staff|superuser|created_by)$/;
const TEXT_TYPE = /^(Optional\[\s*)?(str|EmailStr|constr\(.*\)|NameStr|Text)(\s*\])?(\s*\|\s*None)?$/;
export const GRANT_MODEL = /member|invit|grant|role|permission|assignment|share|acl/i;

export interface Source {
  /** The expression that was splatted, as written (for the message). */
  text: string;
  /** The request model, or null for raw `await request.json()`. */
  cls: ClassInfo | null;
  /** The parameter that holds the request model. */
  param: string | null;
  /** Fields the dump leaves out (`exclude=`), or keeps (`include=`), as written. */
  exclude: Set<string>;
  include: Set<string> | null;
}

/** Admin / internal routes and helpers may set privileged fields on purpose. */
export function isPrivilegedFunction(an: Analysis, fn: FunctionInfo): boolean {
  const route = an.route(fn);
  if (route) return isPrivilegedRoute(an, route);
  return /admin|seed|fixture|migrat/i.test(fn.name + ' ' + fn.module.file.path);
}

/** A write that stores a whole request model (or raw request JSON). */
export interface SplatWrite {
  /** How the write reads in a message. */
  what: string;
  /** The mapped class written, when known. */
  target: ClassInfo | null;
  source: Source;
  /** The expression written, as it stands in the call. */
  written: PyNode;
}

/** The write a call performs with splatted client input: what it is, where the data goes, the input. */
export function splatWrite(an: Analysis, fn: FunctionInfo, call: PyNode): SplatWrite | null {
  const file = fn.module.file;
  const args = fieldOf(call, 'arguments');
  const callee = fieldOf(call, 'function');
  if (!args || !callee) return null;
  const method = methodName(call, file);
  // Note(**body.model_dump()): an ORM constructor.
  const splat = args.children.find((a) => a.type === 'dictionary_splat');
  if (splat && !method) {
    const sym = resolveExpr(an.project, fn.scope, unparen(callee));
    if (sym?.t !== 'cls' || !ormModelOf(sym.cls)) return null;
    const source = sourceOf(an, fn, splat.children[0]);
    return source ? { what: `\`${file.text(callee)}(**${file.text(splat.children[0])})\``, target: sym.cls, source, written: splat.children[0] } : null;
  }
  // for key, value in body.model_dump(exclude_unset=True).items(): setattr(row, key, value)
  if (file.text(callee) === 'setattr') {
    const loop = enclosingFor(call, fn);
    const items = loop ? unparen(fieldOf(loop, 'right')!) : null;
    if (!items || items.type !== 'call' || methodName(items, file) !== 'items') return null;
    const dumped = receiver(items);
    const source = dumped ? sourceOf(an, fn, dumped) : null;
    return source ? { what: `The \`setattr\` loop over \`${file.text(dumped!)}\``, target: null, source, written: dumped! } : null;
  }
  if (!method) return null;
  // supabase .insert/.update/.upsert(body.model_dump()), SQLModel .sqlmodel_update(...), SQLAlchemy .values(**...).
  if (/^(insert|update|upsert)$/.test(method) && isPostgrestWrite(an, fn, call)) {
    const first = positional(call, 0) ?? kwarg(call, 'json', file);
    const source = first ? sourceOf(an, fn, first) : null;
    return source && first ? { what: `\`.${method}(${file.text(first)})\``, target: null, source, written: first } : null;
  }
  // SQLModel / Pydantic: User.model_validate(user_in, update={...}) builds the row from every field.
  if (/^(model_validate|parse_obj|from_orm|model_construct)$/.test(method)) {
    const recv = receiver(call);
    const sym = recv ? resolveExpr(an.project, fn.scope, unparen(recv)) : null;
    const arg = positional(call, 0);
    if (sym?.t !== 'cls' || !ormModelOf(sym.cls) || !arg) return null;
    const source = sourceOf(an, fn, arg);
    const update = kwarg(call, 'update', file);
    if (source && update) for (const m of file.text(update).matchAll(/["'](\w+)["']\s*:/g)) source.exclude.add(m[1]);
    return source ? { what: `\`${file.text(callee)}(${file.text(arg)})\``, target: sym.cls, source, written: arg } : null;
  }
  if (method === 'sqlmodel_update' || method === 'values') {
    const arg = splat?.children[0] ?? positional(call, 0);
    const source = arg ? sourceOf(an, fn, arg) : null;
    return source && arg ? { what: `\`.${method}(${splat ? '**' : ''}${file.text(arg)})\``, target: null, source, written: arg } : null;
  }
  return null;
}

export function isPostgrestWrite(an: Analysis, fn: FunctionInfo, call: PyNode): boolean {
  const info = fn.calls.find((c) => c.node === call);
  const recv = info ? an.receiverValue(info) : null;
  if (recv?.t === 'inst') return recv.kind.startsWith('sb.');
  return /\.(table|from_)\(/.test(fn.module.file.text(fieldOf(call, 'function')!));
}

function enclosingFor(node: PyNode, fn: FunctionInfo): PyNode | null {
  for (let n = node.parent; n && n !== fn.node; n = n.parent) if (n.type === 'for_statement') return n;
  return null;
}

/**
 * Client input behind an expression: `body.model_dump(...)` / `body.dict(...)` of a request model
 * parameter, `await request.json()`, a `{**...}` literal around one, or a local assigned from one.
 */
function sourceOf(an: Analysis, fn: FunctionInfo, expr: PyNode, depth = 0): Source | null {
  const file = fn.module.file;
  const e = unparen(expr);
  if (depth > 2) return null;
  if (e.type === 'identifier') {
    // The assignment in effect here (`data = body.model_dump()`), from the scope's bindings.
    const assigned = lookupName(fn.scope, file.text(e))?.filter((b) => b.kind === 'assign' && b.value && (b.index ?? -1) < 0 && isPrior(b, e)).pop();
    if (assigned?.value) return sourceOf(an, fn, assigned.value, depth + 1);
    // The request model itself (`User.model_validate(user_in)`).
    const param = fn.params.find((p) => p.name === file.text(e));
    const cls = param ? requestModel(an, fn, param.name) : null;
    return cls ? { text: file.text(e), cls, param: param!.name, exclude: new Set(), include: null } : null;
  }
  if (e.type === 'dictionary') {
    const inner = e.children.find((c) => c.type === 'dictionary_splat');
    const source = inner ? sourceOf(an, fn, inner.children[0], depth + 1) : null;
    if (source) for (const pair of e.children.filter((c) => c.type === 'pair')) source.exclude.add(file.text(fieldOf(pair, 'key')!).replace(/^["']|["']$/g, ''));
    return source;
  }
  if (e.type === 'await') {
    const inner = unparen(e.children[0]);
    if (inner?.type === 'call' && methodName(inner, file) === 'json' && /request/i.test(file.text(receiver(inner) ?? inner))) {
      return { text: file.text(e), cls: null, param: null, exclude: new Set(), include: null };
    }
    return null;
  }
  if (e.type !== 'call' || !DUMP.test(methodName(e, file) ?? '')) return null;
  const holder = receiver(e);
  if (!holder || holder.type !== 'identifier') return null;
  const param = fn.params.find((p) => p.name === file.text(holder));
  const cls = param ? requestModel(an, fn, param.name) : null;
  if (!cls) return null;
  const names = (n: PyNode | null) => (n ? new Set([...file.text(n).matchAll(/["'](\w+)["']/g)].map((m) => m[1])) : null);
  return { text: file.text(e), cls, param: param!.name, exclude: names(kwarg(e, 'exclude', file)) ?? new Set(), include: names(kwarg(e, 'include', file)) };
}

/**
 * The Pydantic request model a parameter holds: a request body in a route, or, in a helper
 * (`crud.create_note(db, note_in)`), a parameter that a loaded non-admin route fills with its body.
 */
export function requestModel(an: Analysis, fn: FunctionInfo, name: string): ClassInfo | null {
  const v = an.infer.paramValue(fn, name);
  if (v?.t !== 'obj' || !an.isPydantic(v.cls)) return null;
  if (an.route(fn)) return isBodyParam(an, fn, name) ? v.cls : null;
  const slots = bodyCallers(an).get(fn);
  return slots?.has(fn.params.findIndex((p) => p.name === name)) || slots?.has(name) ? v.cls : null;
}

function isBodyParam(an: Analysis, fn: FunctionInfo, name: string): boolean {
  const p = fn.params.find((x) => x.name === name);
  return !!p && !dependencyTarget(an.project, fn.scope.parent ?? fn.module.scope, p);
}

/**
 * For every project helper that a loaded non-admin route calls with one of its request bodies:
 * the helper's parameters (positions and keyword names) that receive the body.
 */
function bodyCallers(an: Analysis): Map<FunctionInfo, Set<number | string>> {
  return an.memo('mass-assignment:body-callers', () => {
    const out = new Map<FunctionInfo, Set<number | string>>();
    for (const module of an.loadedModules()) {
      for (const fn of module.functions) {
        const route = an.route(fn);
        if (!route || isPrivilegedFunction(an, fn)) continue;
        for (const call of fn.calls) {
          const args = fieldOf(call.node, 'arguments');
          if (!args || !an.mayBeProjectFunction(call.name)) continue;
          const file = module.file;
          const slots: (number | string)[] = [];
          let position = 0;
          for (const a of args.children) {
            const value = a.type === 'keyword_argument' ? fieldOf(a, 'value') : a;
            const slot = a.type === 'keyword_argument' ? file.text(fieldOf(a, 'name')!) : position++;
            if (value?.type === 'identifier' && isBodyParam(an, fn, file.text(value))) slots.push(slot);
          }
          const helper = slots.length ? an.calledFunction(call) : null;
          if (!helper || helper === fn) continue;
          // A method called on an instance does not get `self` from the caller's arguments.
          const shift = helper.cls && helper.params[0]?.name === 'self' ? 1 : 0;
          const set = out.get(helper) ?? new Set();
          for (const slot of slots) set.add(typeof slot === 'number' ? slot + shift : slot);
          out.set(helper, set);
        }
      }
    }
    return out;
  });
}

/**
 * The privileged fields the write lets the client set: the request model's (or, for raw JSON,
 * the target table's) privileged fields, minus those excluded, set by the server, or checked.
 */
export function exposedFields(an: Analysis, fn: FunctionInfo, source: Source, target: ClassInfo | null, call: PyNode): string[] {
  const file = fn.module.file;
  const candidates = source.cls ? an.fieldNames(source.cls) : target ? [...(ormModelOf(target)?.columns ?? [])] : [];
  const body = file.text(fn.body!);
  const callText = file.text(call);
  return candidates.filter((f) => {
    if (!PRIVILEGED.test(f) || source.exclude.has(f) || (source.include && !source.include.has(f))) return false;
    if (BARE_NAME.test(f) && isTextField(an, source.cls ?? target, f)) return false;
    // Set by the server in the write itself, or afterwards: owner_id=user.id, row.owner_id = ..., data["owner_id"] = ...
    if (new RegExp(`\\b${f}\\s*=(?!=)`).test(callText)) return false;
    if (new RegExp(`\\.${f}\\s*=(?!=)|\\[\\s*["']${f}["']\\s*\\]\\s*=(?!=)|pop\\(\\s*["']${f}["']|del\\s+\\w+\\[\\s*["']${f}["']`).test(body)) return false;
    // The handler reads the field itself (a check, a lookup): it is handled on purpose.
    if (source.param && new RegExp(`\\b${source.param}\\.${f}\\b`).test(body)) return false;
    // So does every caller that hands it the model (`if user_data.role == UserRole.ADMIN: raise` before `create(user_data)`).
    return !(source.param && callersCheck(an, fn, source.param, f));
  });
}

/** Every loaded production caller passes `param` a name whose field `field` its own body reads first. */
function callersCheck(an: Analysis, fn: FunctionInfo, param: string, field: string): boolean {
  const p = fn.params.find((x) => x.name === param);
  const calls = p ? productionCallersOf(an, fn) : [];
  return calls.length > 0 && calls.every((c) => {
    const arg = argumentFor(fn, p!, c);
    const name = arg && unparen(arg).type === 'identifier' ? c.scope.module.file.text(unparen(arg)) : null;
    const body = c.fn?.body ? c.scope.module.file.text(c.fn.body).slice(0, c.node.start - c.fn.body.start) : '';
    return !!name && new RegExp(`\\b${name}\\.${field}\\b`).test(body);
  });
}

/**
 * A field declared as text in the request model (`owner: Optional[str] = None`) or, for raw JSON, in
 * the table (`owner = Column(String)`): a label such as a contact's name, not an id, a relation or a flag.
 */
function isTextField(an: Analysis, cls: ClassInfo | null, name: string): boolean {
  const owner = cls ? [cls, ...an.baseClasses(cls)].find((c) => c.fields.has(name)) : null;
  const field = owner?.fields.get(name);
  if (!owner || !field) return false;
  const file = owner.module.file;
  if (field.annotation && TEXT_TYPE.test(file.text(field.annotation).replace(/\s+/g, ' ').trim())) return true;
  const declared = `${field.annotation ? file.text(field.annotation) : ''} ${field.value ? file.text(field.value) : ''}`;
  return /^\s*Mapped\[(Optional\[)?str\b|\b(String|Text|Unicode|VARCHAR)\b/.test(declared) && !/ForeignKey|foreign_key/.test(declared);
}
