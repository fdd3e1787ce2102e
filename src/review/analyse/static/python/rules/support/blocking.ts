import { BLOCKING_METHODS, type Kind } from '../../knowledge/known.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { argumentValues as argumentValuesOf, methodName } from '../../model/call-args.js';
import type { Val } from '../../knowledge/library-values.js';
import type { CallInfo } from '../../model/types.js';
import { sdkBlockingCall, SDK_CALL_NAME } from './blocking-sdk.js';
import type { BlockingCall, BlockingKind } from './blocking-call.js';
import { readsPackageData, type PathSources } from './package-data.js';
import { resolveExpr } from '../../model/resolve.js';
import { refsOf } from '../../model/refs.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { createsEmptyFile, handlesDocument } from './document-file.js';
import { handedToAwaitedCall } from './streamed-handle.js';

export type { BlockingCall, BlockingKind } from './blocking-call.js';

/** The value of a call's receiver; helpers see what their caller passed (see blocking-helpers). */
export type ReceiverOf = (call: CallInfo) => Val | null;

const BY_NAME: Record<string, BlockingKind> = {};
for (const v of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']) {
  BY_NAME[`requests.${v}`] = 'http';
  BY_NAME[`requests.api.${v}`] = 'http';
  BY_NAME[`httpx.${v}`] = 'http';
}
Object.assign(BY_NAME, {
  'httpx.stream': 'http', 'urllib.request.urlopen': 'http', 'urllib3.request': 'http',
  'time.sleep': 'sleep',
  'subprocess.run': 'subprocess', 'subprocess.call': 'subprocess', 'subprocess.check_call': 'subprocess',
  'subprocess.check_output': 'subprocess', 'subprocess.Popen': 'subprocess', 'subprocess.getoutput': 'subprocess',
  'subprocess.getstatusoutput': 'subprocess', 'os.system': 'subprocess', 'os.popen': 'subprocess',
  'os.wait': 'subprocess', 'os.waitpid': 'subprocess', 'os.spawnl': 'subprocess', 'os.spawnv': 'subprocess',
  'builtins.open': 'file', 'io.open': 'file', 'shutil.copy': 'file', 'shutil.copy2': 'file', 'shutil.copyfile': 'file',
  'shutil.copytree': 'file', 'shutil.move': 'file', 'shutil.rmtree': 'file', 'shutil.copyfileobj': 'file',
  'smtplib.SMTP': 'http', 'smtplib.SMTP_SSL': 'http', 'psycopg2.connect': 'db', 'psycopg2.extras.execute_values': 'db', 'psycopg2.extras.execute_batch': 'db', 'psycopg.connect': 'db', 'psycopg.Connection.connect': 'db', 'sqlite3.connect': 'db', 'pymysql.connect': 'db',
});

/**
 * True when the function waits for the process `subprocess.Popen(...)` starts: `.wait()`,
 * `.communicate()` or a read of its output on the result (chained or through the name it is bound
 * to), or `with Popen(...) as p:` (leaving the block waits). A bare Popen only forks and returns.
 */
function waitsFor(call: CallInfo): boolean {
  const file = call.scope.module.file;
  const parent = call.node.parent;
  if (parent?.type === 'attribute') return true;
  if (parent?.type === 'as_pattern' || parent?.type === 'with_item') return true;
  const target = parent?.type === 'assignment' ? parent.children.find((c) => c.field === 'left') : undefined;
  if (!target || target.type !== 'identifier' || !call.fn) return false;
  return refsOf(call.fn, file.text(target)).some((ref) => {
    if (ref.start < call.node.end) return false;
    // `proc.wait`, `proc.stdout.read`: the attribute chain hung on the name.
    let chain: PyNode = ref;
    while (chain.parent?.type === 'attribute' && fieldOf(chain.parent, 'object') === chain) chain = chain.parent;
    return /^\.(wait|communicate|(stdout|stderr)\.read\w*)$/.test(file.text(chain).slice(file.text(ref).length));
  });
}

/**
 * Redis commands on one key (or a few named ones): a round trip well under a millisecond, listed with a stall but
 * never reported alone. `KEYS`, `SCAN`, whole hashes, lists and sets grow with the data and stay reported.
 */
const SINGLE_KEY_REDIS = new Set(['get', 'set', 'setex', 'delete', 'incr', 'decr', 'expire', 'exists', 'hget', 'hset', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'zadd', 'publish', 'ttl', 'mget', 'mset']);

/** Metadata-only file operations (see BlockingCall.minor). */
const MINOR_FILE_CALLS = new Set(['os.remove', 'os.unlink', 'os.rename', 'os.renames', 'os.replace', 'os.makedirs', 'os.mkdir', 'os.rmdir', 'os.removedirs']);
const MINOR_PATH_METHODS = new Set(['mkdir', 'unlink', 'rmdir', 'touch', 'rename', 'replace', 'iterdir', 'glob', 'rglob']);
for (const q of MINOR_FILE_CALLS) BY_NAME[q] = 'file';

/** Every last name a blocking call can have (functions and methods above, supabase I/O). */
export const BLOCKING_NAMES = new Set([
  ...Object.keys(BY_NAME).map((q) => q.slice(q.lastIndexOf('.') + 1)),
  ...Object.values(BLOCKING_METHODS).flatMap((s) => [...(s ?? [])]),
  'execute', 'upload', 'download', 'remove', 'list', 'move', 'copy', 'update', 'create_signed_url',
  'get_user', 'sign_in_with_password', 'sign_up', 'sign_out', 'refresh_session', 'set_session', 'get_session',
  'exchange_code_for_session', 'verify_otp', 'reset_password_email', 'update_user', 'create_user', 'delete_user',
  'invite_user_by_email', 'list_users', 'get_user_by_id', 'update_user_by_id', 'generate_link',
]);

/** Cheap name test before resolving a call: a known blocking function or method, or an SDK call. */
export function mayBlockByName(name: string): boolean {
  return BLOCKING_NAMES.has(name) || SDK_CALL_NAME.test(name);
}

const KIND_OF_RECEIVER: Partial<Record<Kind, BlockingKind>> = {
  'httpx.Client': 'http', 'requests.Session': 'http',
  'sa.Session': 'db', 'sa.scoped_session': 'db', 'sa.Engine': 'db', 'sa.Connection': 'db', 'pg.Connection': 'db', 'pg.Cursor': 'db', 'pg.Pool': 'db',
  'path': 'file', 'upload.file': 'file',
  'boto3.Client': 'http', 'smtp.SMTP': 'http', 'redis.Redis': 'db', 'urllib3.PoolManager': 'http', 'jwt.PyJWKClient': 'http',
};
const LABEL: Partial<Record<Kind, string>> = {
  'httpx.Client': 'httpx.Client', 'requests.Session': 'requests.Session', 'sa.Session': 'sync SQLAlchemy Session',
  'sa.scoped_session': 'sync SQLAlchemy scoped_session',
  'sa.Engine': 'sync SQLAlchemy Engine', 'sa.Connection': 'sync SQLAlchemy Connection', 'pg.Connection': 'sync DB-API connection',
  'pg.Cursor': 'sync DB-API cursor', 'pg.Pool': 'sync connection pool', 'path': 'pathlib.Path',
  'boto3.Client': 'boto3 client', 'smtp.SMTP': 'smtplib.SMTP', 'redis.Redis': 'sync Redis client', 'urllib3.PoolManager': 'urllib3.PoolManager', 'jwt.PyJWKClient': 'PyJWKClient (JWKS fetch)',
  'upload.file': "upload's SpooledTemporaryFile",
};
const ADVICE: Partial<Record<Kind, string>> = {
  'upload.file': "Use UploadFile's async API (`await upload.read()`, `await upload.seek(0)`), which runs the file I/O in a thread.",
};

/**
 * What a call blocks on when it runs on the event loop, or null when it does not block. Inside a helper,
 * `argumentOf` gives what its caller passed for a parameter (see blocking-helpers).
 */
export function blockingCall(an: Analysis, call: CallInfo, receiverOf: ReceiverOf = (c) => an.receiverValue(c), argumentOf?: PathSources['argument']): BlockingCall | null {
  const q = an.qualifiedCallee(call);
  const sources: PathSources = { shipped: (p) => an.project.hasFile(p), resolve: (n, s) => resolveExpr(an.project, s, n), argument: argumentOf };
  if (q && BY_NAME[q]) {
    const opens = q === 'builtins.open' || q === 'io.open';
    if (opens && readsPackageData(call, null, sources)) return null;
    const minor = MINOR_FILE_CALLS.has(q) || (opens && (handlesDocument(call, null) || handedToAwaitedCall(call) || createsEmptyFile(call))) || (q === 'subprocess.Popen' && !waitsFor(call));
    return { kind: BY_NAME[q], what: `\`${q.replace(/^builtins\./, '')}\``, minor: minor || undefined };
  }
  const method = methodName(call.node, call.scope.module.file);
  if (!method && !q) return null;
  const recv = method ? receiverOf(call) : null;
  const sdk = sdkBlockingCall({ call, qualified: q, method, recv });
  if (sdk || !method || !recv || recv.t !== 'inst') return sdk;
  if (recv.kind.startsWith('sb.') && !recv.async) {
    if (recv.kind === 'sb.Query' && method === 'execute') return { kind: 'supabase', what: '`.execute()` on the sync supabase client' };
    if (recv.kind === 'sb.Auth') return { kind: 'supabase', what: `\`.auth.${method}()\` on the sync supabase client` };
    if (recv.kind === 'sb.Storage' && method !== 'from_' && method !== 'get_public_url') return { kind: 'supabase', what: `\`.storage...${method}()\` on the sync supabase client` };
    return null;
  }
  const kind = KIND_OF_RECEIVER[recv.kind];
  if (!kind || !BLOCKING_METHODS[recv.kind]?.has(method)) return null;
  if (recv.kind === 'path' && readsPackageData(call, method, sources)) return null;
  const minor =
    (recv.kind === 'path' && (MINOR_PATH_METHODS.has(method) || handlesDocument(call, method) || (method === 'open' && handedToAwaitedCall(call)) || writesSourceText(call, method))) ||
    (recv.kind === 'redis.Redis' && SINGLE_KEY_REDIS.has(method));
  return { kind, what: `${calleeText(call, method)} on a ${LABEL[recv.kind]}`, advice: ADVICE[recv.kind], minor: minor || undefined };
}

/** "`db.query()`" for a short receiver, else "`.query()`". */
export function calleeText(call: CallInfo, method: string): string {
  const text = call.scope.module.file.text(call.callee);
  return text.length <= 40 && !/\s/.test(text) ? `\`${text}()\`` : `\`.${method}()\``;
}

/** True when the call runs on the event loop: its nearest enclosing function is an `async def`. */
export function runsOnLoop(call: CallInfo): boolean {
  return !!call.fn && call.fn.isAsync && !call.fn.isLambda;
}

/** Handles whose every use is a round trip to the database: a sync session, engine, connection or cursor. */
const SYNC_DB_HANDLES = new Set<Kind>(['sa.Session', 'sa.scoped_session', 'sa.Engine', 'sa.Connection', 'pg.Connection', 'pg.Cursor']);
/** Functions that build an object around the handle (`get_user_service(db)`, `make_repository(db)`) rather than query with it. */
const BUILDS_AROUND = /(^(make|build|new|create)_\w*(service|repository|repo|manager|client|dao|crud|provider|factory|store)s?$)|(service|repository|repo|manager|client|dao|crud|provider|factory|handler|store)s?$/i;

/**
 * `search_chat_sessions(db_session=db_session, ...)`: a plain call (not awaited) of a function of the repository's own
 * package whose module the review did not read, handed the caller's sync session. Whatever it does with it, it does on
 * this thread: a function is given a session to query with. Null when the function was read (the helper chain then
 * decides), is a class or a factory that wraps the handle, or no argument is a sync database handle.
 */
export function syncHandleToUnreadHelper(an: Analysis, call: CallInfo): BlockingCall | null {
  const callee = call.callee;
  if ((callee.type !== 'identifier' && callee.type !== 'attribute') || !/^[a-z_]/.test(call.name) || BUILDS_AROUND.test(call.name)) return null;
  const sym = resolveExpr(an.project, call.scope, callee);
  if (sym?.t !== 'ext' || !(sym.repo || ownPackage(an, call, sym.name))) return null;
  const file = call.scope.module.file;
  for (const arg of argumentValuesOf(call.node)) {
    const v = an.infer.valueOf(arg, call.scope);
    if (v?.t === 'inst' && SYNC_DB_HANDLES.has(v.kind)) {
      return { kind: 'db', what: `\`${call.name}()\`, handed the ${LABEL[v.kind]} \`${file.text(arg)}\`,` };
    }
  }
  return null;
}

/** The dotted name's top package is a package of the repository (`onyx` of `onyx.db.chat_search.search`). */
function ownPackage(an: Analysis, call: CallInfo, dotted: string): boolean {
  const top = dotted.split('.')[0];
  const path = an.project.pathOf(top, call.scope.module.file.path);
  return !!path && path.endsWith('/__init__.py');
}

/** A module constant's name (`_KEYSCAN_SCRIPT`, `DEFAULT_CONFIG`). */
const CONSTANT_NAME = /^_?[A-Z][A-Z0-9_]*$/;
/** Calls that return their text argument reshaped, no longer: `textwrap.dedent(SCRIPT)`, `SCRIPT.strip()`. */
const RESHAPES = /^(textwrap\.)?(dedent|indent)$|\.(strip|lstrip|rstrip|encode)$/;

/**
 * `path.write_text(_SCRIPT)`, `path.write_bytes(json.dumps({"host": host, "port": port}))`: what is written is text the
 * source itself spells out (a literal, a module constant, a dump of a literal of a few fields): a few kilobytes at
 * most, which the page cache takes at once. Listed with the function's other file work, never reported alone.
 */
function writesSourceText(call: CallInfo, method: string): boolean {
  if (method !== 'write_text' && method !== 'write_bytes') return false;
  const first = argumentValuesOf(call.node)[0];
  return !!first && sourceText(call, first, 0);
}

function sourceText(call: CallInfo, node: PyNode, depth: number): boolean {
  const file = call.scope.module.file;
  const n = unparen(node);
  if (depth > 3) return false;
  // A literal, or an f-string whose every interpolation is source text too.
  if (n.type === 'string') return n.children.every((c) => c.type !== 'interpolation' || (!!c.children[0] && sourceText(call, c.children[0], depth + 1)));
  if (n.type === 'concatenated_string') return n.children.every((c) => sourceText(call, c, depth + 1));
  if (n.type === 'identifier') return CONSTANT_NAME.test(file.text(n));
  if (n.type === 'dictionary' || n.type === 'list' || n.type === 'tuple') {
    // A literal of a few fields, each a name, an attribute, a literal or another such literal: no collection of data.
    return n.children.length <= 12 && n.children.every((c) => {
      const v = c.type === 'pair' ? fieldOf(c, 'value') : c;
      return !!v && (['identifier', 'attribute', 'string', 'integer', 'float', 'true', 'false', 'none'].includes(v.type) || sourceText(call, v, depth + 1));
    });
  }
  if (n.type !== 'call') return false;
  const callee = fieldOf(n, 'function');
  const args = argumentValuesOf(n);
  const name = callee ? file.text(callee) : '';
  if (/(^|\.)dumps$/.test(name)) return !!args[0] && sourceText(call, args[0], depth + 1) && args[0].type !== 'identifier';
  if (RESHAPES.test(name)) {
    const inner = /^(textwrap\.)?(dedent|indent)$/.test(name) ? args[0] : callee?.type === 'attribute' ? fieldOf(callee, 'object') : null;
    return !!inner && sourceText(call, inner, depth + 1);
  }
  return false;
}
