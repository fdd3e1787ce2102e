import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { methodName, receiver } from '../../model/call-args.js';
import { callerArguments } from './callers.js';
import { annotationText, declaredField, endpointParam, isEnum, isRequest, isUpload, mayCarryText, unannotated } from '../../knowledge/request-params.js';
import { isPrior, lookupName } from '../../model/scope.js';
import type { Binding, CallInfo, FunctionInfo, ParamInfo, Scope } from '../../model/types.js';
import { isAllowListed, SAFE_ANNOTATION, TrustJudge } from './untrusted.js';

/** A value the client of a route controls, where it enters the expression being judged. */
export interface RequestValue {
  /** The expression, in the judged function, that carries the request value (`q`, `body.name`, `file.filename`). */
  node: PyNode;
  /** How the client supplies it, for messages: "the form field `extension` of `POST /{slug}/assets`". */
  source: string;
  /** The scope `node` is read in. */
  scope: Scope;
  /** The functions the value came through before the judged one (the route first), where a check may stand. */
  via: FunctionInfo[];
  /** A path parameter without the `:path` convertor: one URL segment, so it can never hold a `/`. */
  segment?: boolean;
  /**
   * Where the client's value is declared, with the constraints FastAPI checks on it: the route or
   * dependency parameter (`q: str = Query(min_length=3)`) or the request model's field.
   */
  origin?: { name: string; declaration: string };
}

/** A call or attribute that makes a request value harmless for the sink at hand (escape_like, secure_filename...). */
export type Neutraliser = (node: PyNode, scope: Scope) => boolean;

/** String methods whose result carries the receiver's text. */
const CARRY_RECEIVER = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'casefold', 'capitalize', 'replace', 'removeprefix', 'removesuffix', 'split', 'rsplit', 'encode', 'decode', 'format', 'get', 'getlist', 'zfill', 'ljust', 'rjust']);
/** Calls whose result carries their arguments' text (conversions, path joins, URL decoding). */
const CARRY_ARGS = /^(str|os\.path\.join|posixpath\.join|os\.path\.normpath|urllib\.parse\.unquote(_plus)?|pathlib\.(Pure)?(Posix)?Path|builtins\.str)$/;
/** Request attributes that hold client-chosen text. */
const REQUEST_PARTS = /^(query_params|path_params|headers|cookies)$/;
const REQUEST_PART_NAMES: Record<string, string> = {
  query_params: 'the query string', path_params: 'the URL path', headers: 'a request header', cookies: 'a cookie',
  json: 'the JSON body', form: 'the submitted form', body: 'the request body',
};

const MAX_DEPTH = 14;
const MAX_HOPS = 3;

/**
 * Follows an expression back to what the client of a route sent: route and dependency parameters
 * (query, path, form, body fields, an upload's file name), the raw request (`request.query_params`,
 * `await request.json()`), through local assignments, string building and path joins, and through
 * project helpers whose callers (in the loaded modules) pass such a value. Types FastAPI validates
 * (int, UUID, enums, Literal), allow-listed values, constants and `neutralised` values are not request text.
 */
export class RequestInput {
  private readonly judge: TrustJudge;
  private readonly params = new Map<ParamInfo, (RequestValue | null)[]>();

  constructor(private readonly an: Analysis, private readonly neutralised: Neutraliser = () => false) {
    this.judge = new TrustJudge(an);
  }

  /** The request value the expression carries, or null when none can be shown. */
  valueIn(expr: PyNode, scope: Scope, hops = 0, depth = 0): RequestValue | null {
    if (depth > MAX_DEPTH) return null;
    const n = unparen(expr);
    const next = (x: PyNode | null | undefined) => (x ? this.valueIn(x, scope, hops, depth + 1) : null);
    switch (n.type) {
      case 'string':
        return firstOf(n.children.filter((c) => c.type === 'interpolation').map((c) => c.children[0]), next);
      case 'concatenated_string':
      case 'binary_operator':
      case 'list':
      case 'tuple':
        return firstOf(n.children, next);
      case 'conditional_expression':
        return next(n.children[0]) ?? next(n.children[2]);
      case 'await':
        return next(n.children[0]);
      case 'list_comprehension':
      case 'generator_expression':
        return next(fieldOf(n, 'body'));
      case 'identifier':
        return this.nameValue(n, scope, hops, depth);
      case 'attribute':
        return this.neutralised(n, scope) ? null : this.attributeValue(n, scope, hops, depth);
      case 'subscript':
        return next(fieldOf(n, 'value'));
      case 'call':
        return this.neutralised(n, scope) ? null : this.callValue(n, scope, hops, depth);
      default:
        return null;
    }
  }

  private nameValue(n: PyNode, scope: Scope, hops: number, depth: number): RequestValue | null {
    const file = scope.module.file;
    const name = file.text(n);
    const bindings = lookupName(scope, name);
    if (!bindings || bindings[0].scope.kind !== 'function' || this.judge.isTrusted(n, scope)) return null;
    const fn = bindings[0].scope.fn;
    if (fn && isAllowListed(fn, name, n, this.an)) return null;
    const prior = bindings.filter((b) => isPrior(b, n));
    // The assignment in effect: the last one (an augmented assignment adds to the ones before it).
    for (let i = prior.length - 1; i >= 0; i--) {
      const b = prior[i];
      const found = this.bindingValue(b, hops, depth);
      if (found) return found;
      if (b.kind !== 'augassign') return null;
    }
    const param = bindings.find((b) => b.kind === 'param');
    return param?.fn && param.param ? this.paramValue(param.fn, param.param, hops) : null;
  }

  private bindingValue(b: Binding, hops: number, depth: number): RequestValue | null {
    const scope = b.valueScope ?? b.scope;
    switch (b.kind) {
      case 'assign':
      case 'augassign':
      case 'walrus': {
        if (!b.value) return null;
        const v = unparen(b.value);
        const el = (b.index ?? -1) >= 0 && (v.type === 'tuple' || v.type === 'expression_list') ? v.children[b.index!] : v;
        return el ? this.valueIn(el, scope, hops, depth + 1) : null;
      }
      case 'for':
        return b.value ? this.valueIn(b.value, scope, hops, depth + 1) : null;
      case 'param':
        return b.fn && b.param ? this.paramValue(b.fn, b.param, hops) : null;
      default:
        return null;
    }
  }

  private attributeValue(n: PyNode, scope: Scope, hops: number, depth: number): RequestValue | null {
    const file = scope.module.file;
    const obj = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    if (!obj || !attr) return null;
    const name = file.text(attr);
    if (name === 'filename' && isUpload(obj, scope)) return { node: n, scope, source: `the uploaded file's own name (\`${file.text(n)}\`)`, via: [] };
    if (REQUEST_PARTS.test(name) && isRequest(obj, scope)) return { node: n, scope, source: REQUEST_PART_NAMES[name], via: [] };
    const base = this.valueIn(obj, scope, hops, depth + 1);
    if (!base) return null;
    // A field of a request model: its declared type decides (an int / UUID / enum field is validated).
    const model = obj.type === 'identifier' ? this.an.infer.valueOf(obj, scope) : null;
    if (model?.t === 'obj') {
      const found = declaredField(this.an, obj, name, scope);
      if (!found) return null;
      const { cls, field } = found;
      if (field.annotation && (isSafeType(cls.module.file.text(field.annotation)) || isEnum(this.an, field.annotation, cls.scope))) return null;
      const declared = [field.annotation, field.value].map((x) => (x ? cls.module.file.text(x) : '')).join(' = ');
      return { ...base, node: n, scope, origin: { name, declaration: declared } };
    }
    return { ...base, node: n, scope };
  }

  private callValue(n: PyNode, scope: Scope, hops: number, depth: number): RequestValue | null {
    const file = scope.module.file;
    const method = methodName(n, file);
    const next = (x: PyNode | null | undefined) => (x ? this.valueIn(x, scope, hops, depth + 1) : null);
    const args = fieldOf(n, 'arguments')?.children ?? [];
    const argValues = args.map((a) => (a.type === 'keyword_argument' ? fieldOf(a, 'value') : a.type.endsWith('splat') ? a.children[0] : a));
    if (method) {
      const recv = receiver(n);
      // `await request.json()`, `await request.form()`: the raw request.
      if ((method === 'json' || method === 'form' || method === 'body') && recv && isRequest(recv, scope)) return { node: n, scope, source: REQUEST_PART_NAMES[method], via: [] };
      if (method === 'join') return firstOf(argValues, next);
      if (method === 'joinpath') return next(recv) ?? firstOf(argValues, next);
      if (method === 'format') return next(recv) ?? firstOf(argValues, next);
      if (CARRY_RECEIVER.has(method)) return next(recv);
      return null;
    }
    const callee = fieldOf(n, 'function');
    const q = callee ? this.an.qualifiedOf(callee, scope) : null;
    return q && CARRY_ARGS.test(q) ? firstOf(argValues, next) : null;
  }

  /**
   * A parameter the client fills: one of a route or a dependency (not injected, not a validated type),
   * or one of a project helper that some loaded caller passes a request value.
   */
  private paramValue(fn: FunctionInfo, p: ParamInfo, hops: number): RequestValue | null {
    // Memoised per remaining hop budget, so the answer never depends on the order of questions.
    const byHops = this.params.get(p) ?? [];
    this.params.set(p, byHops);
    if (byHops[hops] !== undefined) return byHops[hops];
    byHops[hops] = null; // breaks recursion
    const v = this.computeParam(fn, p, hops);
    byHops[hops] = v;
    return v;
  }

  private computeParam(fn: FunctionInfo, p: ParamInfo, hops: number): RequestValue | null {
    if (isSafeType(annotationText(fn, p)) || !mayCarryText(this.an, fn, p)) return null;
    const endpoint = endpointParam(this.an, fn, p);
    if (endpoint !== undefined) return endpoint && { node: p.node, scope: fn.scope, source: endpoint.source, via: [fn], segment: endpoint.segment, origin: { name: p.name, declaration: [p.annotation, p.default].map((x) => (x ? fn.scope.module.file.text(x) : '')).join(' = ') } };
    if (hops >= MAX_HOPS) return null;
    for (const { call, arg } of this.callerArguments(fn, p)) {
      const v = this.valueIn(arg, call.scope, hops + 1);
      const caller = call.fn;
      if (!v || !caller) continue;
      const through = `, through \`${caller.name}()\``;
      const source = v.source.endsWith(through) ? v.source : v.source + through;
      return { node: p.node, scope: fn.scope, source, via: [caller, ...v.via], segment: v.segment, origin: v.origin };
    }
    return null;
  }

  /** What the loaded callers of a project function pass for one of its parameters. */
  callerArguments(fn: FunctionInfo, p: ParamInfo): { call: CallInfo; arg: PyNode }[] {
    return callerArguments(this.an, fn, p).filter((x): x is { call: CallInfo; arg: PyNode } => !!x.arg);
  }
}

function isSafeType(ann: string): boolean {
  const t = unannotated(ann);
  return SAFE_ANNOTATION.test(t) || /^(UUID\d|pydantic\.UUID\d|PositiveInt|NonNegativeInt|StrictInt|StrictBool|StrictFloat)(\s*\|\s*None)?$/.test(t);
}

/** The request value of the parts: one that can carry anything before a single URL segment (`base / slug / name`). */
function firstOf(nodes: (PyNode | null | undefined)[], f: (n: PyNode | null | undefined) => RequestValue | null): RequestValue | null {
  let segment: RequestValue | null = null;
  for (const n of nodes) {
    const v = f(n);
    if (v && !v.segment) return v;
    segment ??= v;
  }
  return segment;
}
