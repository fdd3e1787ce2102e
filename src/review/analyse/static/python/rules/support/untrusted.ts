import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { declaredField, isEnum } from '../../knowledge/request-params.js';
import { isPydanticModel } from '../../knowledge/orm.js';
import { callsOn, methodName, positional, receiver, subscriptWrites } from '../../model/call-args.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { isPrior, lookupName } from '../../model/scope.js';
import type { Binding, FunctionInfo, Scope } from '../../model/types.js';
import { refsOf } from '../../model/refs.js';
import { callerArguments } from './callers.js';
import { guardsItems, guardsRead } from './identifier-guards.js';

/** Types FastAPI validates into values that cannot carry SQL or shell syntax. */
export const SAFE_ANNOTATION = /^(int|float|bool|Decimal|UUID|uuid\.UUID|date|datetime|time|timedelta|ZoneInfo|zoneinfo\.ZoneInfo|PositiveInt|NonNegativeInt|conint\(.*\)|Literal\[.*\]|.*Enum)(\s*\|\s*None)?$|^Optional\[(int|float|bool|UUID|date|datetime)\]$/;
/**
 * A SQLAlchemy statement (`stmt: TextClause`, `query: Select`): its text is SQL the program composed, with its values
 * left as bound placeholders (`f"{stmt} AND ..."` then `.params(...)`). How it was built is judged where it was built.
 */
const SQL_CONSTRUCT_ANNOTATION = /^(?:(?:sqlalchemy|sa)(?:\.\w+)*\.)?(TextClause|TextualSelect|Select|ClauseElement|ColumnElement|Executable|Selectable|Compiled|SQLCompiler)(\s*\|\s*None)?$|^Optional\[(?:(?:sqlalchemy|sa)(?:\.\w+)*\.)?(TextClause|Select|ClauseElement)\]$/;
/** Methods that put values into a list or a dict (`parts.append(...)`, `changes.update(body)`). */
export const LIST_FILL = new Set(['append', 'extend', 'insert', 'update', 'setdefault']);
const LIST_READ = new Set(['copy', 'count', 'index', 'pop', 'remove', 'clear', 'sort', 'reverse', 'get', 'items', 'keys', 'values']);

/** The part of an assigned value a tuple target's element takes (`b` in `a, b = [], {}`), or the whole value. */
function elementAt(value: PyNode, index: number | undefined): PyNode | null {
  const v = unparen(value);
  if (index === undefined || index < 0) return v;
  if (v.type !== 'expression_list' && v.type !== 'tuple') return null;
  return v.children[index] ? unparen(v.children[index]) : null;
}

/** Calls whose result is safe to interpolate whatever their input; a project's own `escape_*` / `quote_*` helpers too. */
const SAFE_CALLS = /(^|\.)(int|float|bool|len|abs|round|quote|quote_ident|quote_literal|Identifier|Literal|escape|escape_string|isoformat|hex|uuid4|count|sum|min|max)$|(^|\.)_*(escape|quote)_\w+$/;
/** String methods: the result is as safe as the receiver. */
const STR_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'replace', 'removeprefix', 'removesuffix', 'casefold', 'zfill', 'decode', 'encode']);
/** Reads of the deployment's configuration (`os.getenv`, `os.environ.get`, python-decouple's `config`): the operator's text. */
const DEPLOYMENT_READ = /^(os\.)?(getenv|environ\.get)$|^(decouple\.)?config$/;
/** Parsers of URLs and DSNs: the parts of a trusted value are trusted. */
const PARSE_CALL = /(^|\.)(urlparse|urlsplit|make_url|parse_dsn|conninfo_to_dict)$/;
/** Roots of attribute chains that hold configuration, not request data. */
const TRUSTED_ROOT = /^(settings|config|cfg|conf|CONFIG|SETTINGS|cls|self)$/;

const MAX_DEPTH = 6;
/**
 * What one level of an expression's own syntax costs of the depth (a part of an f-string, an operand, a joined item):
 * a sixteenth of a step through a name or a call, so a placeholder list spelled over several f-string pieces is read
 * to its end, while a pathological nesting still stops.
 */
const NESTED = 1 / 16;

/**
 * Decides whether an expression interpolated into SQL or a shell command could carry text the
 * caller controls. Literals, constants, numbers / enums / dates validated by FastAPI, values checked
 * against an allow-list, placeholder lists and configuration are trusted; anything else is not.
 */
export class TrustJudge {
  /**
   * `helpers: false` leaves a project helper's result to be judged by where its text comes from (see RequestInput's
   * broad search) instead of taking it as safe.
   */
  constructor(
    private readonly an: Analysis,
    private readonly options: { helpers?: boolean } = {},
  ) {}

  isTrusted(node: PyNode, scope: Scope, depth = 0): boolean {
    const n = unparen(node);
    const text = (x: PyNode) => scope.module.file.text(x);
    if (depth > MAX_DEPTH) return false;
    switch (n.type) {
      case 'string':
        return n.children.every((c) => c.type !== 'interpolation' || this.isTrusted(c.children[0] ?? c, scope, depth + NESTED));
      case 'concatenated_string':
      case 'tuple':
      case 'list':
      case 'set':
      case 'dictionary':
      case 'pair':
      case 'binary_operator':
      case 'boolean_operator':
        return n.children.every((c) => this.isTrusted(c, scope, depth + NESTED));
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'comparison_operator':
      case 'not_operator':
        return true;
      case 'unary_operator':
        return this.isTrusted(n.children[0], scope, depth + NESTED);
      case 'conditional_expression':
        return this.isTrusted(n.children[0], scope, depth + NESTED) && (!n.children[2] || this.isTrusted(n.children[2], scope, depth + NESTED));
      case 'identifier':
        return this.isTrustedName(n, scope, depth);
      case 'attribute': {
        const root = rootName(n);
        if (root && (TRUSTED_ROOT.test(text(root)) || /^[A-Z][A-Z0-9_]+$/.test(text(root)))) return true;
        // timezone.key of `timezone: ZoneInfo`, start.year of `start: date`: parts of a validated value.
        if (root && root === fieldOf(n, 'object') && this.isTrustedName(root, scope, depth + 1) && isParamName(root, scope)) return true;
        // `action.value` of `for action, n in increments.items()` over `dict[ActionType, int]`: a member's value.
        if (root && root === fieldOf(n, 'object') && /\.(value|name)$/.test(text(n)) && isEnumKeyName(this.an, root, scope)) return true;
        // `p.hostname` of `p = urlparse(settings.database_url)`: a part of a parsed configuration value.
        if (root && root === fieldOf(n, 'object') && this.isParsedTrustedValue(root, scope, depth)) return true;
        // A property of a project object that only ever returns fixed text (`db.timestamp_now` -> "now()").
        if (this.isConstantProperty(n, scope, depth)) return true;
        // `schemas.Kind.GITHUB.value`, `license.EDITION`: a member of a class or a constant of a module the code imports.
        if (root && isImportedConstant(n, root, scope)) return true;
        // `data.order` of `data: SearchSchema` whose `order: SortOrder` is an Enum (an int, a UUID, a Literal): validated.
        if (root && root === fieldOf(n, 'object') && this.isValidatedField(n, root, scope)) return true;
        // Model.__tablename__, Status.ACTIVE.value: class-level constants, not row data.
        return /__tablename__$/.test(text(n)) || (!!root && /^[A-Z]/.test(text(root)) && /\.(value|name)$/.test(text(n)));
      }
      case 'subscript': {
        // ALLOWED_COLUMNS[sort]: a lookup into a constant mapping yields a constant.
        const value = fieldOf(n, 'value');
        return !!value && value.type === 'identifier' && this.isConstantName(value, scope);
      }
      case 'call':
        return this.isTrustedCall(n, scope, depth);
      case 'generator_expression':
      case 'list_comprehension': {
        const body = fieldOf(n, 'body');
        return !!body && this.isTrusted(body, scope, depth + NESTED);
      }
      default:
        return false;
    }
  }

  /**
   * `data.order` where `data` holds an instance of a project Pydantic model whose field `order` is declared with a type
   * that cannot carry SQL or shell syntax (an Enum, an int, a UUID, a Literal): the model was validated when it was made.
   */
  private isValidatedField(n: PyNode, object: PyNode, scope: Scope): boolean {
    const attr = fieldOf(n, 'attribute');
    const found = attr ? declaredField(this.an, object, scope.module.file.text(attr), scope) : null;
    const ann = found?.field.annotation;
    // Only a Pydantic model checks its fields' types when it is made; a plain class or a dataclass takes any value.
    if (!found || !ann || !found.chain.some(isPydanticModel)) return false;
    return SAFE_ANNOTATION.test(found.cls.module.file.text(ann).replace(/\s+/g, ' ').trim()) || isEnum(this.an, ann, found.cls.scope);
  }

  /** A local bound only to `urlparse(x)` / `urlsplit(x)` / `make_url(x)` of trusted text. */
  private isParsedTrustedValue(n: PyNode, scope: Scope, depth: number): boolean {
    const bindings = lookupName(scope, scope.module.file.text(n));
    return !!bindings?.length && bindings.every((b) => {
      const value = b.kind === 'assign' && b.value ? unparen(b.value) : null;
      const callee = value?.type === 'call' ? fieldOf(value, 'function') : null;
      const args = value ? fieldOf(value, 'arguments') : null;
      return !!callee && PARSE_CALL.test(b.scope.module.file.text(callee)) && !!args && args.children.length > 0 &&
        args.children.every((a) => this.isTrusted(a, b.scope, depth + 1));
    });
  }

  /**
   * `db.timestamp_now` where `db` is an instance of a project class whose `timestamp_now` is a `@property` that
   * returns only literals or other such values (a dialect's SQL fragment): fixed text, whoever reads it.
   */
  private isConstantProperty(n: PyNode, scope: Scope, depth: number): boolean {
    const object = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    if (!object || !attr) return false;
    const owner = this.an.value(object, { scope });
    if (owner?.t !== 'obj') return false;
    const name = scope.module.file.text(attr);
    const prop = [owner.cls, ...this.an.baseClasses(owner.cls)].map((c) => c.methods.get(name)).find((m) => !!m);
    if (!prop || !prop.decorators.some((d) => /^@?\s*(property|cached_property|functools\.cached_property)\s*$/.test(prop.module.file.text(d)))) return false;
    return prop.returns.length > 0 && prop.returns.every((value) => this.isTrusted(value, prop.scope, depth + 1));
  }

  private isTrustedCall(n: PyNode, scope: Scope, depth: number): boolean {
    const file = scope.module.file;
    const callee = fieldOf(n, 'function');
    if (!callee) return false;
    const name = file.text(callee);
    const method = methodName(n, file);
    if (method === 'join') {
      // ", ".join(...): safe when the joined items are.
      const args = fieldOf(n, 'arguments');
      // `", ".join(f"${i}" for i in range(n))`: the argument list is the generator itself.
      if (args?.type === 'generator_expression') return this.isTrusted(args, scope, depth + NESTED);
      return !!args && args.children.every((a) => this.isTrusted(a, scope, depth + NESTED));
    }
    if (method === 'format') {
      const recv = receiver(n);
      const args = fieldOf(n, 'arguments');
      return !!recv && this.isTrusted(recv, scope, depth + NESTED) && !!args && args.children.every((a) => this.isTrusted(fieldOf(a, 'value') ?? a, scope, depth + NESTED));
    }
    if (method === 'keys' && isDumpKeys(n, scope)) return true;
    // `cur.mogrify("(%(id)s, %(title)s)", row)`: the driver quoted the values into its own text.
    if (method === 'mogrify') {
      const query = positional(n, 0);
      return !!query && this.isTrusted(query, scope, depth + NESTED);
    }
    if (method === 'get') {
      // ALLOWED.get(sort, "name"): a constant mapping yields a constant.
      const recv = receiver(n);
      if (recv?.type === 'identifier' && this.isConstantName(recv, scope)) return true;
    }
    if (method && STR_METHODS.has(method)) {
      const recv = receiver(n);
      return !!recv && this.isTrusted(recv, scope, depth + NESTED);
    }
    if (SAFE_CALLS.test(name) || /^(sql|psycopg\.sql|psycopg2\.sql)\./.test(name)) return true;
    if (name === 'str') {
      const args = fieldOf(n, 'arguments');
      return !!args && args.children.every((a) => this.isTrusted(a, scope, depth + 1));
    }
    // Other project helpers: assume they return something safe (their own bodies are checked).
    if (this.options.helpers !== false && this.an.calledFunctionAt(callee, scope)) return true;
    // `entity_class.table_name()` on a class handed in: every method of that name the project defines returns a literal.
    return !!method && !fieldOf(n, 'arguments')?.children.length && this.literalEverywhere(method);
  }

  /** Every loaded function named `name` (at least one) returns only string literals: `def table_name(): return "chat"`. */
  private literalEverywhere(name: string): boolean {
    return this.an.memo(`literal-method:${name}`, () => {
      let seen = 0;
      for (const m of this.an.loadedModules()) {
        for (const fn of m.functions) {
          if (fn.name !== name) continue;
          seen++;
          if (!fn.returns.length || !fn.returns.every((r) => r.type === 'string' && !r.children.some((c) => c.type === 'interpolation'))) return false;
        }
      }
      return seen > 0;
    });
  }

  private isTrustedName(n: PyNode, scope: Scope, depth: number): boolean {
    const name = scope.module.file.text(n);
    const bindings = lookupName(scope, name);
    if (!bindings) return /^[A-Z][A-Z0-9_]*$/.test(name);
    // A comprehension has a scope of its own: `i` in `[f"%(p_{i})s" for i in range(n)]` is that loop's, whatever an
    // earlier `[i for i in data.items]` of the function bound.
    const inOwn = bindings.filter((b) => b.kind === 'for' && within(n, comprehensionOf(b.node)));
    const relevant = inOwn.length ? inOwn : bindings.filter((b) => isPrior(b, n) || b.scope !== scope);
    const list = relevant.length ? relevant : bindings;
    if (list.some((b) => b.kind === 'import' || b.kind === 'def' || b.kind === 'class')) return true;
    if (scope.fn && isAllowListed(scope.fn, name, n, this.an)) return true;
    const built = this.localList(list, name, scope, depth);
    if (built !== undefined) return built;
    return list.every((b) => this.isTrustedBinding(b, depth));
  }

  /**
   * A list or a dict the function builds itself (`sets = []`, `sets, params = [], {}`): trusted when its literal items and
   * every value `.append` / `.insert` / `.extend` / `.update` or `name[key] = value` put in are (`sets.append("vector = :vector")` under an `if`), and
   * nothing else changes it. Undefined when the name is not such a list.
   */
  private localList(bindings: Binding[], name: string, scope: Scope, depth: number): boolean | undefined {
    const fn = scope.fn;
    if (!fn || !bindings.length || !bindings.every((b) => b.kind === 'assign' && b.scope === scope && !!b.value)) return undefined;
    const values = bindings.map((b) => elementAt(b.value as PyNode, b.index));
    if (!values.every((v) => v?.type === 'list' || v?.type === 'dictionary')) return undefined;
    if (!values.every((v) => this.isTrusted(v as PyNode, scope, depth + 1))) return false;
    const file = scope.module.file;
    // `changes[key] = value`: a key is text too (it may name a column), and so is the value.
    const written = subscriptWrites(fn, name, file).every((w) => [w.key, w.value].every((x) => !x || this.isTrusted(x, scope, depth + 1)));
    return written && callsOn(fn.calls, name, file).every((call) => {
      const method = methodName(call.node, file) ?? '';
      const args = fieldOf(call.node, 'arguments')?.children ?? [];
      if (LIST_FILL.has(method)) return args.length > 0 && (method === 'insert' ? args.slice(1) : args).every((a) => this.isTrusted(a, scope, depth + 1));
      // Reading it (`sets.copy()`, `sets.index(x)`) or taking items out puts nothing in.
      return LIST_READ.has(method);
    });
  }

  private isTrustedBinding(b: Binding, depth: number): boolean {
    switch (b.kind) {
      case 'param': {
        const ann = b.param?.annotation;
        const annotation = ann ? b.scope.module.file.text(ann).replace(/\s+/g, ' ').trim() : '';
        if (annotation && (SAFE_ANNOTATION.test(annotation) || SQL_CONSTRUCT_ANNOTATION.test(annotation))) return true;
        return this.trustedByCallers(b, depth);
      }
      case 'assign':
        // `TABLE = os.getenv("TABLE")` at module level: set by whoever deploys the code, read once at import.
        if (b.scope.kind === 'module' && !!b.value && isDeploymentRead(b.value, b.scope)) return true;
        return !!b.value && this.isTrusted(b.value, b.scope, depth + 1);
      case 'walrus':
      case 'augassign':
        return !!b.value && this.isTrusted(b.value, b.scope, depth + 1);
      case 'for': {
        // for i in range(n) / for i, x in enumerate(...): the index is an int.
        const iter = b.value ? unparen(b.value) : null;
        if (iter && (isSchemaKeys(b, iter) || enumKeys(this.an, b, iter))) return true;
        // `[... for k in changes.keys() if k in allow_update]`: only the allow-listed names get through.
        if (this.allowListedInComprehension(b, depth)) return true;
        // `for k in changes.keys()` where every caller of the helper hands it a dict whose keys the code spells out.
        if (iter && (b.index ?? -1) <= 0 && this.keysSpelledByCallers(iter, b.scope, depth)) return true;
        if (!iter) return false;
        // for table in SCOPE_TABLES / for col in ("a", "b"): the items of a trusted collection.
        if (iter.type !== 'call') return this.isTrusted(iter, b.scope, depth + 1);
        const name = b.scope.module.file.text(fieldOf(iter, 'function') ?? iter);
        return name === 'range' || (name === 'enumerate' && b.index === 0) || this.isTrusted(iter, b.scope, depth + 1);
      }
      default:
        return false;
    }
  }

  /**
   * A parameter of a project helper (not a route or a dependency, which FastAPI fills from the request)
   * that every loaded caller passes a trusted value: `_count(session, where)` called with a clause the
   * module built from constants. Nothing is known when no caller is loaded.
   */
  private trustedByCallers(b: Binding, depth: number): boolean {
    const fn = b.fn;
    const p = b.param;
    if (!fn || !p || p.star || depth >= MAX_DEPTH - 1 || this.an.route(fn) || this.an.isDependency(fn)) return false;
    const passed = callerArguments(this.an, fn, p);
    return passed.length > 0 && passed.every(({ call, arg }) => (arg ? this.isTrusted(arg, call.scope, depth + 2) : !!p.default && this.isTrusted(p.default, b.scope, depth + 2)));
  }

  /** The loop variable of a comprehension whose `if` clause requires `name in TRUSTED` (a list of the code's own names). */
  private allowListedInComprehension(b: Binding, depth: number): boolean {
    const comp = comprehensionOf(b.node);
    if (!comp) return false;
    const file = b.scope.module.file;
    return comp.children.some((c) => {
      if (c.type !== 'if_clause') return false;
      let ok = false;
      walk(c, (x) => {
        if (ok || x.type !== 'comparison_operator' || !x.tokens?.includes('in') || x.tokens.includes('not in')) return !ok;
        const [left, right] = x.children;
        ok = !!left && !!right && file.text(unparen(left)) === b.name && this.isTrusted(right, b.scope, depth + 1);
        return !ok;
      });
      return ok;
    });
  }

  /**
   * `changes.keys()` / `changes` where `changes` is a parameter of a project helper (not a route or a dependency) and every
   * loaded caller passes a dict display whose keys are string literals (`{"name": name, "opt_out": flag}`), directly or
   * through a local assigned one: the keys are the code's own names, whatever the values are.
   */
  private keysSpelledByCallers(iter: PyNode, scope: Scope, depth: number): boolean {
    const file = scope.module.file;
    const mapping = iter.type === 'call' && methodName(iter, file) === 'keys' ? receiver(iter) : iter;
    const m = mapping ? unparen(mapping) : null;
    if (!m || m.type !== 'identifier' || depth >= MAX_DEPTH - 1) return false;
    const param = (lookupName(scope, file.text(m)) ?? []).find((x) => x.kind === 'param');
    const fn = param?.fn;
    if (!param?.param || !fn || this.an.route(fn) || this.an.isDependency(fn)) return false;
    const passed = callerArguments(this.an, fn, param.param);
    return passed.length > 0 && passed.every(({ call, arg }) => !!arg && literalKeyed(arg, call.scope));
  }

  /** A module-level (or class-level) name bound only to literals: a constant. */
  isConstantName(n: PyNode, scope: Scope): boolean {
    const name = scope.module.file.text(n);
    const bindings = lookupName(scope, name);
    if (!bindings) return false;
    return bindings.every((b) => b.scope.kind !== 'function' && (b.kind === 'import' || (b.kind === 'assign' && !!b.value && this.isTrusted(b.value, b.scope, 3))));
  }
}

/**
 * `x in ALLOWED` before the use, or a check that lets only identifier text through and leaves when it fails
 * (`if not is_valid_identifier(x): raise ...`, `assert valid_sql_name(x)`, a helper whose body matches an
 * identifier pattern), on the value or on every item of it in a loop (see identifier-guards.ts).
 */
export function isAllowListed(fn: FunctionInfo, name: string, use: PyNode, an?: Analysis): boolean {
  const refs = refsOf(fn, name);
  const file = fn.module.file;
  return refs.some((r) => {
    if (r.start >= use.start) return false;
    if (guardsRead(r, use, fn, an) || guardsItems(r, fn, an)) return true;
    const cmp = r.parent;
    if (!cmp || cmp.type !== 'comparison_operator' || cmp.children[0] !== r) return false;
    return !!cmp.tokens && (cmp.tokens.includes('in') || cmp.tokens.includes('not in')) && /^[A-Z_][A-Z0-9_]*$|^\{|^\[|^\(/.test(file.text(cmp.children[1]));
  });
}

/**
 * Keys of a Pydantic dump (`for k, v in body.model_dump(exclude_unset=True).items()`) are the model's
 * field names, fixed by the schema: safe as column names. The values are not.
 */
function isSchemaKeys(b: Binding, iter: PyNode): boolean {
  const text = b.scope.module.file.text(iter);
  const dump = SCHEMA_DUMP;
  let source = text;
  if (iter.type === 'identifier') {
    const prior = (b.scope.bindings.get(text) ?? []).filter((x) => x.value && x.node.start < iter.start);
    source = prior.length ? b.scope.module.file.text(prior[prior.length - 1].value!) : '';
  } else if (iter.type === 'call') {
    const recv = receiver(iter);
    const method = methodName(iter, b.scope.module.file);
    if (method === 'items' && (b.index ?? -1) !== 0) return false;
    if (method === 'items' || method === 'keys') {
      source = recv ? b.scope.module.file.text(recv) : '';
      if (recv?.type === 'identifier') {
        const prior = (b.scope.bindings.get(source) ?? []).filter((x) => x.value && x.node.start < recv.start);
        source = prior.length ? b.scope.module.file.text(prior[prior.length - 1].value!) : source;
      }
    }
  }
  return dump.test(source);
}

/** A model's own fields as a mapping: `body.model_dump()`, `.dict()`, `obj.__dict__`, `vars(obj)`, or a comprehension over one. */
const SCHEMA_DUMP = /\.(model_dump|dict)\(|\.__dict__\b|\bvars\(/;

/**
 * `attrs.keys()` where `attrs` is a model dump, or a dict comprehension keyed by the field names of one
 * (`{k: v for k, v in obj.__dict__.items() if v is not None}`).
 */
function isDumpKeys(call: PyNode, scope: Scope): boolean {
  const recv = receiver(call);
  if (!recv) return false;
  const file = scope.module.file;
  if (recv.type !== 'identifier') return SCHEMA_DUMP.test(file.text(recv));
  const prior = (lookupName(scope, file.text(recv)) ?? []).filter((b) => b.value && b.node.start < recv.start);
  const value = prior.length === 1 ? file.text(prior[0].value!) : '';
  if (!SCHEMA_DUMP.test(value)) return false;
  return !value.startsWith('{') || /^\{\s*(\w+)\s*:[^]*?\bfor\s+\1\s*,/.test(value);
}

/**
 * An attribute chain from an imported name that ends in a constant: `license.EDITION` (a module's upper-case name),
 * `schemas.IntegrationType.GITHUB.value` (the value or name of a class's upper-case member). Upper case is how
 * Python spells a constant; a module or class the code imports holds no request data.
 */
function isImportedConstant(n: PyNode, root: PyNode, scope: Scope): boolean {
  const file = scope.module.file;
  const bindings = lookupName(scope, file.text(root)) ?? [];
  if (!bindings.length || !bindings.every((b) => b.kind === 'import')) return false;
  const parts = file.text(n).replace(/\s+/g, '').split('.');
  const last = /^(value|name)$/.test(parts[parts.length - 1]) ? parts.length - 2 : parts.length - 1;
  return last >= 1 && /^[A-Z][A-Z0-9_]*$/.test(parts[last]) && parts.slice(1, last).every((p) => /^\w+$/.test(p));
}

/** `os.getenv("X")`, `os.environ.get("X", d)`, `os.environ["X"]`, `config("X")`: a value of the deployment. */
function isDeploymentRead(value: PyNode, scope: Scope): boolean {
  const v = unparen(value);
  const file = scope.module.file;
  if (v.type === 'subscript') return /^(os\.)?environ$/.test(file.text(fieldOf(v, 'value') ?? v));
  const callee = v.type === 'call' ? fieldOf(v, 'function') : null;
  return !!callee && DEPLOYMENT_READ.test(file.text(callee));
}

const COMPREHENSION = new Set(['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);

/** The comprehension whose `for` clause binds a target node, or null for any other binding. */
export function comprehensionOf(target: PyNode): PyNode | null {
  let n: PyNode | null = target.parent;
  while (n && (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'for_in_clause')) {
    if (n.type === 'for_in_clause') return n.parent && COMPREHENSION.has(n.parent.type) ? n.parent : null;
    n = n.parent;
  }
  return null;
}

export function within(n: PyNode, outer: PyNode | null): boolean {
  return !!outer && n.start >= outer.start && n.end <= outer.end;
}

/** A dict display whose every key is a string literal (`**` of another such dict allowed), or a local assigned only one. */
function literalKeyed(arg: PyNode, scope: Scope, depth = 0): boolean {
  const a = unparen(arg);
  if (depth > 2) return false;
  if (a.type === 'identifier') {
    const name = scope.module.file.text(a);
    const bindings = lookupName(scope, name) ?? [];
    // Filled later with a key the source does not spell (`changes[key] = v`, `changes.update(other)`): not the code's own names.
    const body = scope.fn?.body ? scope.module.file.text(scope.fn.body) : '';
    if (new RegExp(`\\b${name}\\s*\\[\\s*(?!["'])|\\b${name}\\.(update|setdefault)\\(`).test(body)) return false;
    return bindings.length > 0 && bindings.every((b) => b.kind === 'assign' && !!b.value && (b.index ?? -1) < 0 && literalKeyed(b.value, b.scope, depth + 1));
  }
  if (a.type !== 'dictionary') return false;
  return a.children.every((c) => {
    if (c.type === 'dictionary_splat') return !!c.children[0] && literalKeyed(c.children[0], scope, depth + 1);
    const key = c.type === 'pair' ? fieldOf(c, 'key') : null;
    return !!key && unparen(key).type === 'string' && !unparen(key).children.some((x) => x.type === 'interpolation');
  });
}

function rootName(n: PyNode): PyNode | null {
  let cur: PyNode | null = n;
  while (cur && cur.type === 'attribute') cur = fieldOf(cur, 'object');
  return cur && cur.type === 'identifier' ? cur : null;
}

/**
 * The keys of a mapping typed with an Enum key (`increments: dict[ActionType, int]`): `for k in m`, `for k in m.keys()`,
 * `for k, v in m.items()` bind members of the Enum, whose values the code declares.
 */
function enumKeys(an: Analysis, b: Binding, iter: PyNode): boolean {
  const file = b.scope.module.file;
  const method = iter.type === 'call' ? methodName(iter, file) : null;
  if (iter.type === 'call' && !(method === 'keys' || (method === 'items' && b.index === 0))) return false;
  if (method === null && (b.index ?? -1) > 0) return false;
  const mapping = iter.type === 'call' ? receiver(iter) : iter;
  if (!mapping || unparen(mapping).type !== 'identifier') return false;
  const param = (lookupName(b.scope, file.text(unparen(mapping))) ?? []).find((x) => x.kind === 'param')?.param;
  let annotation = param?.annotation ? unparen(param.annotation) : null;
  if (annotation?.type === 'type' && annotation.children.length === 1) annotation = annotation.children[0];
  if (annotation?.type !== 'generic_type' && annotation?.type !== 'subscript') return false;
  if (!MAPPING.test(file.text(annotation))) return false;
  // The first type argument: `dict[ActionType, int]` -> ActionType.
  let key: PyNode | null = null;
  walk(annotation, (x) => {
    if (key) return false;
    if (x !== annotation && (x.type === 'identifier' || x.type === 'attribute') && !MAPPING.test(`${file.text(x)}[`)) {
      key = x;
      return false;
    }
    return true;
  });
  return !!key && isEnum(an, key, b.fn?.scope.parent ?? b.scope.module.scope);
}

const MAPPING = /^(typing\.)?(Dict|dict|Mapping|MutableMapping|DefaultDict|defaultdict|OrderedDict)\[/;

/** A loop variable bound to the Enum keys of a mapping (see enumKeys). */
function isEnumKeyName(an: Analysis, n: PyNode, scope: Scope): boolean {
  const bindings = lookupName(scope, scope.module.file.text(n)) ?? [];
  return bindings.length > 0 && bindings.every((b) => b.kind === 'for' && !!b.value && enumKeys(an, b, unparen(b.value)));
}

/** True when the name is a parameter of the function it is read in. */
function isParamName(n: PyNode, scope: Scope): boolean {
  return !!lookupName(scope, scope.module.file.text(n))?.some((b) => b.kind === 'param');
}
