import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { CallInfo, ClassInfo, FunctionInfo } from '../../model/types.js';
import { resolveExpr } from '../../model/resolve.js';
import { blockingCall } from '../support/blocking.js';
import { argumentValues } from '../../model/call-args.js';
import { routeDependencies, routerMadeUnseen, type RouteInfo } from '../../knowledge/fastapi.js';
import { reads } from '../../model/refs.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { appAuth, ownedRecordChanged } from '../support/owned-writes.js';
import { CAPABILITY, declaresAuth, hasAuth, isAdminRoute, isCapabilityRoute, isPublicRoute, isRegistrationRoute, pathIds, pathWords } from '../../knowledge/route-auth.js';
import { isOperatorDependency } from '../../knowledge/auth.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('missing-auth-dependency');

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Machine-to-machine paths, usually reachable only inside the network. */
const MACHINE_ROUTE = /internal|cron|jobs?\b|tasks?\/run|system|maintenance|callback/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const routes = ctx.model.functions.map((fn) => ctx.an.route(fn)).filter((r): r is RouteInfo => !!r);
    const auth = new Map(routes.map((r) => [r, hasAuth(ctx.an, r)]));
    for (const route of routes) {
      // A router made by code the review cannot see may carry router-wide authentication: nothing to claim.
      if (auth.get(route) || routerMadeUnseen(ctx.an.project, route)) continue;
      // An admin route anyone can call, in an app that guards its admin routes elsewhere: reading is as bad as writing.
      const admin = adminRouteMessage(ctx, route);
      if (!admin && !route.methods.some((m) => MUTATING.has(m))) continue;
      // Public by design (`/admin/login`, a health check), or access by possession of a secret: no session to ask for.
      if (isPublicRoute(route) || isCapabilityRoute(ctx.an, route) || onlyRedirects(route)) continue;
      if (!admin && (isRegistrationRoute(ctx.an, route) || postsToPublicObject(route, routes, auth))) continue;
      // A handler that refuses callers itself (a first-install token, a shared secret) has its own authentication.
      if (refusesCallers(ctx, route)) continue;
      // A POST that only computes an answer from its body (decode, validate, preview) changes nothing to protect.
      if (!admin && changesNothing(ctx.an, route)) continue;
      const siblings = routes.filter((r) => r !== route && r.routerKey === route.routerKey);
      // Siblings that declare their auth: one whose body only names a header may be forwarding it (a proxy).
      const guarded = siblings.filter((r) => auth.get(r) && declaresAuth(ctx.an, r));
      const message = admin ?? (guarded.length && guarded.length * 2 >= siblings.length ? siblingMessage(route, guarded.length, siblings.length) : ownedRecordMessage(ctx, route));
      if (!message) continue;
      const name = fieldOf(route.fn.node, 'name') ?? route.fn.node;
      ctx.report(meta, { node: ctx.touches(name) ? name : route.decorator, message });
    }
  },
};

/**
 * `return RedirectResponse("/admin/")`: the whole handler sends the caller to a fixed address, where that route's own
 * guard decides. It reads nothing and exposes nothing.
 */
function onlyRedirects(route: RouteInfo): boolean {
  const fn = route.fn;
  const body = fn.body;
  if (!body) return false;
  const file = fn.module.file;
  const statements = body.children.filter((c) => c.type !== 'comment' && !(c.type === 'expression_statement' && c.children[0]?.type === 'string'));
  const ret = statements.length === 1 && statements[0].type === 'return_statement' ? statements[0].children[0] : null;
  if (ret?.type !== 'call') return false;
  const callee = fieldOf(ret, 'function');
  const target = fieldOf(ret, 'arguments')?.children[0];
  const url = target?.type === 'keyword_argument' ? fieldOf(target, 'value') : target;
  return !!callee && /(^|\.)(RedirectResponse|redirect)$/.test(file.text(callee)) && url?.type === 'string' && !url.children.some((c) => c.type === 'interpolation');
}

/** A dependency that lets only administrators in (`Depends(current_admin_user)`, `Security(get_current_active_superuser)`). */
const ADMIN_DEPENDENCY = /\b(?:Depends|Security)\(\s*(?:[\w.]*\.)?\w*(?:admin|superuser|super_user|staff)\w*\s*[,)]/i;

/** A call that checks for an administrator by its name: `ensure_admin`, `require_superuser`, `is_staff`, `check_is_admin`. */
const ADMIN_CHECK = /^_*(ensure|require|check|verify|assert|validate|is|must_be|only)_\w*(admin|superuser|super_user|staff)/i;

/**
 * A route under an `admin` path with no authentication at all (no dependency on it, its router or where the router
 * is included, no credential check in its body), in an app whose code requires an administrator somewhere else
 * (`Depends(current_admin_user)`): the app has a guard for its admin routes and this one lacks it. Whatever the
 * method, the admin surface (settings, tokens, other users' data) is open to anyone.
 */
function adminRouteMessage(ctx: FileContext, route: RouteInfo): string | null {
  if (!pathWords(route.prefix + route.path).includes('admin')) return null;
  // The handler checks the caller itself (`ensure_admin(request)`, `await verify_superuser(token)`).
  if (route.fn.calls.some((c) => ADMIN_CHECK.test(c.name))) return null;
  const refs = ctx.an.nameRefs;
  const guardsAdmins = ctx.an.memo('missing-auth:admin-guard', () =>
    (refs?.codeMatches(ADMIN_DEPENDENCY) ?? false) || ctx.an.dependencyTargets().some((d) => isOperatorDependency(ctx.an.project, d)),
  );
  if (!guardsAdmins) return null;
  return (
    `\`${route.methods.join('/')} ${route.prefix}${route.path}\` is an admin route with no authentication dependency: anyone can call it, ` +
    'while the app requires an administrator on its other admin routes. Add the admin dependency to the route or to its router ' +
    '(`APIRouter(prefix="/admin", dependencies=[Depends(...)])`).'
  );
}

function siblingMessage(route: RouteInfo, guarded: number, siblings: number): string {
  return (
    `\`${route.methods.join('/')} ${route.prefix}${route.path}\` changes data but has no authentication dependency, while ` +
    `${guarded} of ${siblings} sibling route${siblings > 1 ? 's' : ''} on \`${route.routerKey}\` require one: anyone can call it. ` +
    'Add the same dependency (e.g. `user: User = Depends(get_current_user)`) or declare it on the router.'
  );
}

/**
 * On a public router, a route that changes a user's record by id with no caller identity at all, in an
 * app that does authenticate users elsewhere: the missing dependency is an oversight, not a design.
 */
function ownedRecordMessage(ctx: FileContext, route: RouteInfo): string | null {
  const ids = pathIds(route);
  if (!ids.length || isAdminRoute(ctx.an, route) || takesSecret(route) || MACHINE_ROUTE.test(route.prefix + route.path)) return null;
  const app = appAuth(ctx.an);
  if (!app.exists) return null;
  const write = ownedRecordChanged(ctx.an, route.fn, ids, app.principal);
  if (!write) return null;
  return (
    `\`${route.methods.join('/')} ${route.prefix}${route.path}\` changes a ${write.model.cls.name} (owned through \`${write.owner}\`) ` +
    `by \`${write.id}\` with no authentication dependency and no caller identity: anyone can change anyone's record. ` +
    `Require the app's current-user dependency and check that \`${write.owner}\` matches the caller.`
  );
}

/**
 * A handler that only computes: it awaits nothing, takes no dependency (no session, no client), and everything it
 * runs computes only (see `computesOnly`). `POST /decode` turning an invoice string into its fields is such a route.
 */
function changesNothing(an: Analysis, route: RouteInfo): boolean {
  const fn = route.fn;
  const text = (n: PyNode) => fn.module.file.text(n);
  if (routeDependencies(an.project, route).length) return false;
  if (fn.params.some((p) => (p.default && DEPENDS.test(text(p.default))) || (p.annotation && DEPENDS.test(text(p.annotation))))) return false;
  return computesOnly(an, fn, PURE_DEPTH);
}

const DEPENDS = /\b(Depends|Security)\s*\(/;

/** How many levels of the project's own functions the proof follows (each is proven once per run: see PURE). */
const PURE_DEPTH = 8;

/**
 * A function that only computes: it awaits, yields and declares `global` nothing, assigns or deletes nothing but
 * values it made itself (never `CACHE[k] = v`, `self.x = v`, `param.x = v`), and every call it makes computes only:
 * - a project function or class that computes only, to `depth` levels (a module the review did not load, a
 *   recursion, a decorator that is not a known pure one: not proven);
 * - a library function, also when the project re-exports it (`lnbits/bolt11.py`: `from bolt11 import decode`),
 *   that neither changes nor sends anything by its name (`commit`, `send_email`) nor belongs to a library of
 *   I/O, processes, network or databases (`subprocess`, `requests`, `sqlite3`), nor blocks on I/O;
 * - a builtin other than the ones that reach state or run code (`setattr`, `exec`, `eval`, `open`);
 * - a method of a literal, of a library value or of a value of its own (`", ".join(x)`, `data.strip()`), where
 *   one that changes its object (`append`, `pop`) must be on a value it made itself.
 */
function computesOnly(an: Analysis, fn: FunctionInfo, depth: number): boolean {
  let memo = PURE.get(an);
  if (!memo) PURE.set(an, (memo = new Map()));
  const known = memo.get(fn);
  if (known && (known.result || known.depth >= depth)) return known.result;
  // A recursion is not proven: the function under proof is not yet known to compute only.
  memo.set(fn, { depth: Infinity, result: false });
  const result = bodyComputesOnly(an, fn, depth);
  memo.set(fn, { depth, result });
  return result;
}

const PURE = new WeakMap<Analysis, Map<FunctionInfo, { depth: number; result: boolean }>>();

function bodyComputesOnly(an: Analysis, fn: FunctionInfo, depth: number): boolean {
  if (fn.awaits > 0 || fn.yields.length || fn.hasGlobal || fn.nested.length || !fn.body) return false;
  if (!fn.calls.every((c) => callComputesOnly(an, fn, c, depth))) return false;
  const file = fn.module.file;
  let changes = false;
  walk(fn.body, (n) => {
    if (changes) return false;
    const targets = n.type === 'assignment' || n.type === 'augmented_assignment' ? [fieldOf(n, 'left')] : n.type === 'delete_statement' ? n.children : [];
    for (const t of targets.flatMap((x) => (x ? elements(x) : []))) {
      if (t.type !== 'identifier' && !madeHere(fn, rootName(t, file)) && !buildsItself(fn, t)) changes = true;
    }
    return true;
  });
  return !changes;
}

/** `self.x = v` in `__init__` / `__post_init__`: the object being built, which nobody else holds yet. */
function buildsItself(fn: FunctionInfo, target: PyNode): boolean {
  if (!fn.cls || !/^(__init__|__post_init__|model_post_init)$/.test(fn.name) || target.type !== 'attribute') return false;
  const obj = fieldOf(target, 'object');
  return !!obj && obj.type === 'identifier' && fn.module.file.text(obj) === fn.params[0]?.name;
}

/** The single targets of a tuple or list target (`a, b[k] = ...`, `del a, b`). */
function elements(target: PyNode): PyNode[] {
  const t = unparen(target);
  if (SEQUENCE.has(t.type)) return t.children.flatMap(elements);
  return [t.type === 'list_splat_pattern' || t.type === 'list_splat' ? (t.children[0] ?? t) : t];
}

const SEQUENCE = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list']);

function callComputesOnly(an: Analysis, fn: FunctionInfo, c: CallInfo, depth: number): boolean {
  if (CHANGE_VERB.test(c.name) || blockingCall(an, c)) return false;
  if (!argumentValues(c.node).every((a) => handedComputesOnly(an, fn, c, a, depth))) return false;
  const target = an.calledFunction(c);
  if (target) return target !== fn && depth > 0 && pureDecorators(an, target) && computesOnly(an, target, depth - 1);
  const callee = unparen(c.callee);
  if (callee.type !== 'identifier' && callee.type !== 'attribute') return false;
  const sym = resolveExpr(an.project, c.scope, callee);
  if (sym?.t === 'ext') return !sym.repo && !STATEFUL_LIBRARY.test(sym.name);
  if (sym?.t === 'builtin') return COMPUTING_BUILTIN.test(sym.name);
  if (sym?.t === 'cls') return depth > 0 && constructsOnly(an, sym.cls, depth - 1);
  // A value called (`handler(x)`), a module, a name of the module: code the proof cannot see.
  if (callee.type === 'identifier' || sym) return false;
  // A method of some value: a literal (`", ".join(names)`), a builtin's result (`str(x).strip()`), one of its own
  // values or parameters. Never of a module-level object (`CACHE.get`, `settings.reload()`) or of a name imported
  // from the repository the model could not follow (a module that is not loaded may change anything).
  const root = rootOf(callee);
  if (root.type !== 'identifier') return true;
  const name = fn.module.file.text(root);
  if (MUTATOR.test(c.name) && !madeHere(fn, name)) return false;
  if (!paramMethodComputes(an, fn, name, c.name)) return false;
  if (fn.scope.bindings.has(name)) return true;
  const rootSym = resolveExpr(an.project, c.scope, root);
  if (rootSym?.t === 'ext') return !rootSym.repo && !STATEFUL_LIBRARY.test(rootSym.name);
  // `super().x()` runs a base's method the proof does not follow.
  return rootSym?.t === 'builtin' && rootSym.name !== 'super' && COMPUTING_BUILTIN.test(rootSym.name);
}

/**
 * A function handed to a call may run there (`map(fn, xs)`, `sorted(xs, key=rank)`): a project function must compute
 * only, a bound method must not change or send (`map(CACHE.append, xs)`), a builtin must compute.
 */
function handedComputesOnly(an: Analysis, fn: FunctionInfo, c: CallInfo, arg: PyNode, depth: number): boolean {
  const a = unparen(arg);
  if (a.type !== 'identifier' && a.type !== 'attribute') return true;
  const handed = an.calledFunctionAt(a, c.scope);
  if (handed) return handed !== fn && depth > 0 && pureDecorators(an, handed) && computesOnly(an, handed, depth - 1);
  const last = a.type === 'attribute' ? fieldOf(a, 'attribute') : a;
  const name = last ? fn.module.file.text(last) : '';
  if (a.type === 'attribute' && (CHANGE_VERB.test(name) || MUTATOR.test(name))) return false;
  const sym = resolveExpr(an.project, c.scope, a);
  if (sym?.t === 'builtin') return COMPUTING_BUILTIN.test(sym.name);
  if (sym?.t === 'cls') return depth > 0 && constructsOnly(an, sym.cls, depth - 1);
  return sym?.t !== 'ext' || (!sym.repo && !STATEFUL_LIBRARY.test(sym.name));
}

/**
 * Building an instance of a project class computes only when what runs then does: `__init__`, `__new__`,
 * `__post_init__` and decorated methods (pydantic validators), of the class and of its project bases; its
 * other bases must be no library of I/O (`threading.Thread`) nor repository code not loaded, and no metaclass may run.
 */
function constructsOnly(an: Analysis, cls: ClassInfo, depth: number): boolean {
  if (!libraryBasesCompute(an, cls)) return false;
  for (const c of [cls, ...an.baseClasses(cls)]) {
    if (c.keywords.some((k) => /^metaclass\b/.test(c.module.file.text(k)))) return false;
    for (const m of c.methods.values()) {
      if ((CONSTRUCTION.test(m.name) || m.decorators.length) && !computesOnly(an, m, depth)) return false;
    }
  }
  return true;
}

const CONSTRUCTION = /^__(init|new|post_init)__$|^model_post_init$/;

/** The bases of a class and of its project bases that are not project code: no library of I/O, nothing not loaded. */
function libraryBasesCompute(an: Analysis, cls: ClassInfo): boolean {
  return [cls, ...an.baseClasses(cls)].every((c) =>
    c.bases.every((base) => {
      const b = unparen(base);
      const sym = b.type === 'identifier' || b.type === 'attribute' ? resolveExpr(an.project, c.scope.parent ?? c.module.scope, b) : null;
      return sym?.t !== 'ext' || (!sym.repo && !STATEFUL_LIBRARY.test(sym.name));
    }),
  );
}

/**
 * A method the model could not resolve, on a parameter's value. `self` / `cls` hold the object's collaborators
 * (`self.service.assign_tags(...)`, a service behind a cached property), never data it computes on. A parameter typed
 * with a request (its app state), a library of I/O or repository code not loaded may reach shared state; a project
 * class passes (what the model did not resolve is its library base's, itself no library of I/O). An untyped one may
 * be anything: only the methods of Python's own values that compute pass (`s.strip()`, `d.items()`).
 */
function paramMethodComputes(an: Analysis, fn: FunctionInfo, name: string, method: string): boolean {
  const i = fn.params.findIndex((p) => p.name === name);
  if (i < 0) return true;
  const file = fn.module.file;
  if (i === 0 && fn.cls && !fn.decorators.some((d) => /\bstaticmethod\b/.test(file.text(d)))) return false;
  const annotation = fn.params[i].annotation;
  if (!annotation) return VALUE_METHOD.test(method);
  let computes = true;
  walk(annotation, (n) => {
    if (!computes) return false;
    if (n.type !== 'identifier' && n.type !== 'attribute') return true;
    const sym = resolveExpr(an.project, fn.scope.parent ?? fn.module.scope, n);
    if (sym?.t === 'ext' && (sym.repo || STATEFUL_LIBRARY.test(sym.name) || CONNECTION.test(sym.name))) computes = false;
    if (sym?.t === 'cls' && !libraryBasesCompute(an, sym.cls)) computes = false;
    return false;
  });
  return computes;
}

const CONNECTION = /^(fastapi|starlette)(\.\w+)*\.(Request|WebSocket|HTTPConnection)$/;

/** Methods of str, bytes, numbers, dict, list, set, tuple, date and pydantic models that only compute a value. */
const VALUE_METHOD = new RegExp(
  '^(capitalize|casefold|center|count|encode|decode|endswith|expandtabs|find|format|format_map|index|isalnum|isalpha|isascii|' +
    'isdecimal|isdigit|isidentifier|islower|isnumeric|isprintable|isspace|istitle|isupper|join|ljust|lower|lstrip|partition|' +
    'removeprefix|removesuffix|replace|rfind|rindex|rjust|rpartition|rsplit|rstrip|split|splitlines|startswith|strip|swapcase|' +
    'title|translate|upper|zfill|hex|fromhex|items|keys|values|copy|union|intersection|difference|symmetric_difference|' +
    'issubset|issuperset|isdisjoint|bit_length|to_bytes|is_integer|isoformat|timestamp|strftime|date|time|astimezone|' +
    'model_dump|model_dump_json|model_copy|dict|json)$',
);

/** A helper's decorators, which run around it: only the builtin ones and the standard caches are known to compute only. */
function pureDecorators(an: Analysis, fn: FunctionInfo): boolean {
  return fn.decorators.every((d) => {
    const expr = unparen(d.children.find((c) => c.type !== '@') ?? d);
    const named = expr.type === 'call' ? (fieldOf(expr, 'function') ?? expr) : expr;
    const q = an.qualifiedOf(named, fn.scope.parent ?? fn.module.scope);
    return !!q && PURE_DECORATOR.has(q);
  });
}

const PURE_DECORATOR = new Set([
  'builtins.staticmethod', 'builtins.classmethod', 'builtins.property', 'functools.lru_cache', 'functools.cache',
  'functools.cached_property', 'functools.wraps', 'typing.overload', 'typing_extensions.overload',
]);

/** Calls that change or send something: `commit`, `insert`, `send_email`, `pay_invoice`, `create_wallet`. */
const CHANGE_VERB = /^_?(add|save|commit|flush|insert|update|upsert|delete|remove|create|set|put|post|patch|send|publish|enqueue|emit|write|exec|execute|executemany|setattr|delattr|run|call|pay|transfer|charge|refund|withdraw|store|register|invalidate|revoke|grant|mark|apply|perform|process|submit|trigger|notify|push|dispatch|invoke|request|fetch|get|open|connect|sleep)(_\w+)?$/;

/** Methods that change the object they are called on (`items.append(x)`, `cache.pop(k)`). */
const MUTATOR = /^(append|extend|clear|pop|popitem|popleft|appendleft|extendleft|setdefault|discard|sort|reverse|rotate|__setitem__|__delitem__|__setattr__|__delattr__)$/;

/**
 * The builtins that compute (an unbound name may be a star import of a module not loaded). Not the ones that reach
 * outside the computation: `setattr` / `delattr`, `exec` / `eval` / `compile` / `__import__`, `globals` / `vars`,
 * `open` / `input`, `breakpoint` / `exit`.
 */
const COMPUTING_BUILTIN = new RegExp(
  '^(abs|all|any|ascii|bin|bool|bytearray|bytes|callable|chr|complex|dict|divmod|enumerate|filter|float|format|frozenset|getattr|' +
    'hasattr|hash|hex|id|int|isinstance|issubclass|iter|len|list|map|max|memoryview|min|next|object|oct|ord|pow|print|range|repr|' +
    'reversed|round|set|slice|sorted|str|sum|super|tuple|type|zip|(Base)?Exception|(Value|Type|Key|Index|Attribute|Lookup|Runtime|' +
    'NotImplemented|Assertion|Arithmetic|ZeroDivision|Overflow|Unicode|UnicodeDecode|UnicodeEncode|Permission|FileNotFound|OS|' +
    'Timeout|Connection)Error|StopIteration)$',
);

/**
 * Libraries whose calls do I/O, run processes or code, or reach a database, a queue or the network (their
 * constructors connect: `smtplib.SMTP(host)`). `os` is one, but for its paths and the environment it reads.
 */
const STATEFUL_LIBRARY = new RegExp(
  '^(os\\.(?!path\\.|getenv$|environ\\.get$|fspath$|getcwd$|cpu_count$|getpid$)|' +
    '(sys|subprocess|socket|ssl|select|selectors|shutil|tempfile|glob|fileinput|mmap|fcntl|signal|atexit|webbrowser|' +
    'urllib\\.request|http\\.client|http\\.server|socketserver|ftplib|smtplib|imaplib|poplib|telnetlib|requests|httpx|aiohttp|urllib3|websockets?|grpc|' +
    'sqlite3|dbm|shelve|pickle|marshal|psycopg2?|psycopg_pool|asyncpg|aiosqlite|pymysql|aiomysql|MySQLdb|sqlalchemy|sqlmodel|databases|' +
    'redis|aioredis|pymongo|motor|boto3|botocore|aioboto3|supabase|firebase_admin|celery|kombu|pika|aio_pika|kafka|aiokafka|' +
    'importlib|runpy|ctypes|threading|_thread|multiprocessing|concurrent|asyncio|anyio|trio)(\\.|$))',
);

/** Where an expression starts: `data` in `data["k"]`, `self` in `self.x`, `str` in `str(x).strip`. */
function rootOf(node: PyNode): PyNode {
  let n = node;
  while ((n.type === 'subscript' || n.type === 'attribute' || n.type === 'call') && n.children[0]) n = n.children[0];
  return n;
}

/** The name an assignment target starts from, or '' when it starts from no name. */
function rootName(target: PyNode, file: FileContext['model']['file']): string {
  const n = rootOf(target);
  return n.type === 'identifier' ? file.text(n) : '';
}

/**
 * A value the function made itself: a name bound only by assigning it something other than a plain reference
 * (a call's result, a literal, a comprehension). A parameter is the caller's object, a loop variable an element of
 * some collection, and `x = CACHE` an alias of a shared one: changing them may change shared state.
 */
function madeHere(fn: FunctionInfo, name: string): boolean {
  const bindings = name ? fn.scope.bindings.get(name) : undefined;
  return (
    !!bindings?.length &&
    bindings.every((b) => (b.kind === 'assign' || b.kind === 'walrus' || b.kind === 'augassign') && !!b.value && !REFERENCE.has(boundPart(b.value, b.index).type))
  );
}

/** The part of a value a tuple target's element takes (`b` in `a, b = x, CACHE`), or the whole value. */
function boundPart(value: PyNode, index: number | undefined): PyNode {
  const v = unparen(value);
  if (index === undefined || index < 0 || !SEQUENCE.has(v.type)) return v;
  return unparen(v.children[index] ?? v);
}

const REFERENCE = new Set(['identifier', 'attribute', 'subscript']);

/** The handler raises 401 / 403 itself: `raise HTTPException(HTTPStatus.FORBIDDEN, ...)`, `status_code=401`. */
function refusesCallers(ctx: FileContext, route: RouteInfo): boolean {
  const body = fieldOf(route.fn.node, 'body');
  return !!body && REFUSAL.test(ctx.model.file.text(body));
}

const REFUSAL = /\braise\s+(?:\w+\.)?HTTPException\(\s*(?:status_code\s*=\s*)?(?:401|403|(?:\w+\.)*(?:HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|UNAUTHORIZED|FORBIDDEN))\b/;

/** A magic-link style route: the caller proves access with a secret it passes (`?token=...`) and the body checks it. */
function takesSecret(route: RouteInfo): boolean {
  return route.fn.params.some((p) => CAPABILITY.test(p.name) && reads(route.fn, p.name));
}

/**
 * A POST under an object anyone may read (`POST /jobs/{job_id}/applications` beside an open
 * `GET /jobs/{job_id}`): applying to a public job, commenting on a public post, asking about a
 * public product are anonymous by design. Changing or deleting the object itself is not.
 */
function postsToPublicObject(route: RouteInfo, routes: RouteInfo[], auth: Map<RouteInfo, boolean>): boolean {
  if (!route.methods.every((m) => m === 'POST')) return false;
  const parent = /^(.*\{\w+(:[^}]*)?\})\/[^{}]+$/.exec(route.path)?.[1];
  if (!parent) return false;
  return routes.some((r) => r !== route && r.routerKey === route.routerKey && r.path.replace(/\/$/, '') === parent && r.methods.includes('GET') && !auth.get(r));
}
