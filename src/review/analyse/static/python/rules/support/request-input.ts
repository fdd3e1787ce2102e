import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { callAt, callsOn, methodName, receiver, subscriptWrites } from '../../model/call-args.js';
import { callerArguments } from './callers.js';
import { annotationText, declaredField, endpointParam, isEnum, isRequest, isUpload, mayCarryText, unannotated } from '../../knowledge/request-params.js';
import { isPrior, lookupName } from '../../model/scope.js';
import type { Binding, CallInfo, FunctionInfo, ParamInfo, Scope } from '../../model/types.js';
import { comprehensionOf, isAllowListed, LIST_FILL, SAFE_ANNOTATION, TrustJudge, within } from './untrusted.js';

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
  /**
   * A mapping whose keys the code chose, whatever its values carry: a request model's dump (`data.model_dump()`, the
   * model's field names) or a dict display with literal keys (`{"folder_name": folder}`).
   */
  fixedKeys?: boolean;
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
/** The source of a value made from a parameter of a function whose returns are being read (see `returnsOf`). */
const PARAMETER = '\u0000parameter';
const MAX_HOPS = 3;
/** A call that fetches from another service: `requests.get(...)`, `await client.post(...)`, `session.request(...)`. */
const FETCH = /^(get|post|put|patch|delete|request|send|fetch|urlopen)$/;
/** A model's fields as a mapping: `data.model_dump()`, `data.dict()` (pydantic 1). */
const DUMP = /^(model_dump|dict)$/;
/** A response's body: `resp.text`, `resp.content`. */
const BODY = /^(text|content)$/;
/** A list or a dict the function builds itself. */
const CONTAINER = new Set(['list', 'list_comprehension', 'dictionary', 'dictionary_comprehension']);

/** How far a search follows a value. */
export interface RequestInputOptions {
  /** Project helpers crossed towards a route (default 3). */
  hops?: number;
  /**
   * Every call carries the text of its receiver and arguments unless the trust rules say otherwise (`build(q)`,
   * `helper(q).strip()`), a list the function fills carries what it appends, and what a project function returns
   * from another service counts: for sinks where any derived text is dangerous (SQL).
   */
  broad?: boolean;
  /** The body of another service's response (`resp.json()`, `resp.text`) is outside input too (default false). */
  services?: boolean;
}

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
  private readonly returns = new Map<FunctionInfo, RequestValue | 'params' | 'keys' | null>();
  /**
   * Parameters of a function whose returns are being read: a value made from one is marked, not followed (as a mapping
   * whose keys are fixed, or not).
   */
  private readonly marked = new Map<ParamInfo, boolean>();
  private readonly maxHops: number;

  constructor(
    private readonly an: Analysis,
    private readonly neutralised: Neutraliser = () => false,
    private readonly options: RequestInputOptions = {},
  ) {
    // A broad search follows project helpers itself: the judge must not take their results as safe.
    this.judge = new TrustJudge(an, { helpers: !options.broad });
    this.maxHops = options.hops ?? MAX_HOPS;
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
      case 'set_comprehension':
      case 'dictionary_comprehension':
        return next(fieldOf(n, 'body'));
      case 'pair':
        return this.options.broad ? firstOf(n.children, next) : null;
      case 'dictionary':
        return this.options.broad ? this.dictValue(n, next) : null;
      case 'identifier':
        return this.nameValue(n, scope, hops, depth);
      case 'attribute':
        return this.neutralised(n, scope) ? null : this.attributeValue(n, scope, hops, depth);
      case 'subscript':
        return values(next(fieldOf(n, 'value')));
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
    if (!bindings || bindings[0].scope.kind !== 'function') return null;
    const fn = bindings[0].scope.fn;
    if (fn && isAllowListed(fn, name, n, this.an)) return null;
    // A comprehension's own loop variable is bound after its body in the text (`[f"{k}" for k in keys]`).
    const own = bindings.filter((b) => b.kind === 'for' && within(n, comprehensionOf(b.node)));
    const prior = own.length ? own : bindings.filter((b) => isPrior(b, n));
    // What the function put into a list or a dict it made (the trust rules judge the display it started from).
    const filled = this.options.broad && fn ? this.filledList(fn, name, n, prior, hops, depth) : null;
    if (filled && !filled.fixedKeys) return filled;
    const made = this.judge.isTrusted(n, scope) ? null : this.madeOf(bindings, prior, hops, depth);
    // A mapping stays one with fixed keys only when what it was made from has them too.
    return made && (!made.fixedKeys || !filled) ? made : filled ?? made;
  }

  private madeOf(bindings: Binding[], prior: Binding[], hops: number, depth: number): RequestValue | null {
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

  /**
   * What the function put into a list or a dict it built before `use`: `parts = []` ... `parts.append(f"{f.name} = %s")`,
   * `changes = {}` ... `changes[key] = value` / `changes.update(body)` (a key is text too: it may name a column).
   */
  private filledList(fn: FunctionInfo, name: string, use: PyNode, prior: Binding[], hops: number, depth: number): RequestValue | null {
    const file = fn.module.file;
    const made = (b: Binding) => {
      const v = b.kind === 'assign' && b.value ? unparen(b.value) : null;
      const el = v && (b.index ?? -1) >= 0 && (v.type === 'tuple' || v.type === 'expression_list') ? v.children[b.index!] : v;
      return el ? CONTAINER.has(el.type) || (el.type === 'call' && /^(dict|list|set)$/.test(file.text(fieldOf(el, 'function') ?? el))) : false;
    };
    if (!prior.some(made)) return null;
    const next = (x: PyNode | null | undefined, scope: Scope) => (x ? this.valueIn(x, scope, hops, depth + 1) : null);
    for (const call of callsOn(fn.calls, name, file)) {
      const method = methodName(call.node, file) ?? '';
      if (call.node.start >= use.start || !LIST_FILL.has(method)) continue;
      const args = fieldOf(call.node, 'arguments')?.children ?? [];
      const v = firstOf(method === 'insert' ? args.slice(1) : args, (x) => next(x, call.scope));
      if (v) return v;
    }
    let fixed: RequestValue | null = null;
    for (const w of subscriptWrites(fn, name, file)) {
      if (w.node.start >= use.start) break;
      // `filters["folder_name"] = folder`: a value under a key the code spells.
      const literalKey = !!w.key && isPlainString(unparen(w.key));
      const v = literalKey ? next(w.value, fn.scope) : firstOf([w.key, w.value], (y) => next(y, fn.scope));
      if (v && !literalKey) return v;
      fixed ??= v && { ...v, fixedKeys: true };
    }
    return fixed;
  }

  /** A dict display: what its keys and values carry; keys the code spells (and dumps spread in) keep them fixed. */
  private dictValue(n: PyNode, next: (x: PyNode | null | undefined) => RequestValue | null): RequestValue | null {
    let fixed: RequestValue | null = null;
    for (const c of n.children) {
      if (c.type === 'pair') {
        const key = fieldOf(c, 'key');
        const literalKey = !!key && isPlainString(key);
        const v = literalKey ? next(fieldOf(c, 'value')) : firstOf(c.children, next);
        if (v && !literalKey) return v;
        fixed ??= v && { ...v, fixedKeys: true };
      } else if (c.type === 'dictionary_splat') {
        const v = next(c.children[0]);
        if (v && !v.fixedKeys) return v;
        fixed ??= v;
      } else if (c.type !== 'comment') {
        const v = next(c);
        if (v) return v;
      }
    }
    return fixed;
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
      case 'for': {
        if (!b.value) return null;
        // `for i, (key, value) in enumerate(d.items())`: the counter is a number; the rest is an item of `d.items()`.
        let iter = unparen(b.value);
        let path = b.path ?? ((b.index ?? -1) >= 0 ? [b.index!] : []);
        const file = scope.module.file;
        if (iter.type === 'call' && file.text(fieldOf(iter, 'function') ?? iter) === 'enumerate') {
          if (path[0] === 0) return null;
          const inner = fieldOf(iter, 'arguments')?.children.find((c) => c.type !== 'comment' && c.type !== 'keyword_argument');
          if (path.length && inner) {
            iter = unparen(inner);
            path = path.slice(1);
          }
        }
        const v = this.valueIn(iter, scope, hops, depth + 1);
        // `for key in dump` / `for key, value in dump.items()`: the key is one the code chose.
        const items = iter.type === 'call' && methodName(iter, file) === 'items';
        if (v?.fixedKeys && (items ? path[0] === 0 : path.length === 0)) return null;
        return values(v);
      }
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
    if (this.options.services && BODY.test(name) && isFetched(obj, scope)) return { node: n, scope, source: `the response of another service (\`${file.text(n)}\`)`, via: [] };
    const base = this.valueIn(obj, scope, hops, depth + 1);
    if (!base) return null;
    // A field of a request model: its declared type decides (an int / UUID / enum field is validated).
    const model = obj.type === 'identifier' ? this.an.infer.valueOf(obj, scope) : null;
    if (model?.t === 'obj') {
      const found = declaredField(this.an, obj, name, scope);
      // Not a declared field: a method or a property of the model, or its `__dict__`: made from its fields.
      if (!found) return this.options.broad ? { ...base, node: n, scope } : null;
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
      if (this.options.services && method === 'json' && recv && isFetched(recv, scope)) return { node: n, scope, source: `the response of another service (\`${file.text(n)}\`)`, via: [] };
      if (method === 'join') return firstOf(argValues, next);
      if (method === 'joinpath') return next(recv) ?? firstOf(argValues, next);
      if (method === 'format') return next(recv) ?? firstOf(argValues, next);
      if (this.options.broad && recv && DUMP.test(method)) {
        // `data.model_dump()` of a request model: values the client sent, under the model's own field names.
        const v = next(recv);
        const model = this.an.infer.valueOf(recv, scope);
        return v && { ...v, node: n, scope, fixedKeys: model?.t === 'obj' && this.an.isPydantic(model.cls) };
      }
      if (this.options.broad && method === 'keys') {
        const v = next(recv);
        return v?.fixedKeys ? null : v;
      }
      if (CARRY_RECEIVER.has(method)) return values(next(recv));
      if (!this.options.broad) return null;
    }
    const callee = fieldOf(n, 'function');
    const q = callee ? this.an.qualifiedOf(callee, scope) : null;
    if (q && CARRY_ARGS.test(q)) return firstOf(argValues, next);
    // A call the trust rules take as making text safe (`int(x)`, `escape_literal(x)`), a project's own one included.
    if (!this.options.broad || this.judge.isTrusted(n, scope)) return null;
    const info = this.callInfo(n, scope);
    const target = info ? this.an.calledFunction(info) : null;
    const made = () => firstOf([method ? receiver(n) : null, ...argValues], next);
    if (target) {
      // A project function: what it returns from outside itself (`fetch_status(order_id)` returning `resp.json()`), or
      // the arguments it is given when what it returns is made from its parameters (not `int(x)`, not `quote(x)`).
      const returned = this.returnsOf(target);
      if (returned === 'params') return made();
      // Made from its arguments' keys only: what the client sends counts when it chose the keys.
      if (returned === 'keys') {
        const v = made();
        return v && !v.fixedKeys ? v : null;
      }
      return returned && { ...returned, node: n, scope };
    }
    // Anything else made from a request value carries it.
    return made();
  }

  /**
   * Where what a project function returns comes from: outside input it reads itself (another service's response, a
   * request value), `params` when it is made from its own parameters (the call site follows its arguments), or null.
   */
  private returnsOf(fn: FunctionInfo): RequestValue | 'params' | 'keys' | null {
    if (this.returns.has(fn)) return this.returns.get(fn)!;
    this.returns.set(fn, null); // breaks recursion
    // Read twice: with its parameters as mappings whose keys are fixed, a value that still comes out is made from what
    // they hold; one that only comes out when their keys may be anything is made from their keys alone.
    const found = this.readReturns(fn, true) ?? (this.readReturns(fn, false) === 'params' ? 'keys' : null);
    this.returns.set(fn, found);
    return found;
  }

  private readReturns(fn: FunctionInfo, fixedKeys: boolean): RequestValue | 'params' | null {
    // `self` is the object the method is called on, not a value handed to it.
    for (const p of fn.params) if (!(fn.cls && fn.params[0] === p)) this.marked.set(p, fixedKeys);
    const before = new Map(this.params);
    let found: RequestValue | 'params' | null = null;
    try {
      for (const r of fn.returns) {
        // Its parameters are marked, not followed to its callers: the call being judged supplies them.
        const v = this.valueIn(r, fn.scope, this.maxHops);
        if (!v) continue;
        if (v.source !== PARAMETER) {
          found = v;
          break;
        }
        found = 'params';
      }
    } finally {
      for (const p of fn.params) this.marked.delete(p);
      // What was learnt with the parameters marked holds for this reading only.
      this.params.clear();
      for (const [k, v] of before) this.params.set(k, v);
    }
    return found;
  }

  private callInfo(n: PyNode, scope: Scope): CallInfo | null {
    return callAt(scope.fn?.calls ?? scope.module.calls, n);
  }

  /**
   * A parameter the client fills: one of a route or a dependency (not injected, not a validated type),
   * or one of a project helper that some loaded caller passes a request value.
   */
  private paramValue(fn: FunctionInfo, p: ParamInfo, hops: number): RequestValue | null {
    if (this.marked.has(p)) return { node: p.node, scope: fn.scope, source: PARAMETER, via: [], fixedKeys: this.marked.get(p) };
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
    if (hops >= this.maxHops) return null;
    // A caller that hands over a model's dump counts only when none hands over free keys.
    let dump: RequestValue | null = null;
    for (const { call, arg } of this.callerArguments(fn, p)) {
      const v = this.valueIn(arg, call.scope, hops + 1);
      const caller = call.fn;
      if (!v || !caller) continue;
      const through = `, through \`${caller.name}()\``;
      const source = v.source.endsWith(through) ? v.source : v.source + through;
      const value = { node: p.node, scope: fn.scope, source, via: [caller, ...v.via], segment: v.segment, origin: v.origin, fixedKeys: v.fixedKeys };
      if (!v.fixedKeys) return value;
      dump ??= value;
    }
    return dump;
  }

  /** What the loaded callers of a project function pass for one of its parameters. */
  callerArguments(fn: FunctionInfo, p: ParamInfo): { call: CallInfo; arg: PyNode }[] {
    return callerArguments(this.an, fn, p).filter((x): x is { call: CallInfo; arg: PyNode } => !!x.arg);
  }
}

/** A string literal without interpolation. */
function isPlainString(n: PyNode): boolean {
  return n.type === 'string' && !n.children.some((c) => c.type === 'interpolation');
}

/** A value taken out of a mapping: whatever its keys were, it is the client's text. */
function values(v: RequestValue | null): RequestValue | null {
  return v?.fixedKeys ? { ...v, fixedKeys: false } : v;
}

/** The result of a call to another service (`requests.get(...)`, `await client.post(...)`), or a name bound to one. */
function isFetched(node: PyNode, scope: Scope): boolean {
  const file = scope.module.file;
  const fetch = (v: PyNode): boolean => {
    let x = unparen(v);
    if (x.type === 'await' && x.children[0]) x = unparen(x.children[0]);
    return x.type === 'call' && FETCH.test(methodName(x, file) ?? file.text(fieldOf(x, 'function') ?? x));
  };
  const n = unparen(node);
  if (n.type !== 'identifier') return fetch(n);
  return (lookupName(scope, file.text(n)) ?? []).some((b) => (b.kind === 'assign' || b.kind === 'with') && !!b.value && (b.index ?? -1) < 0 && fetch(b.value));
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
