import { BLOCKING_METHODS, type Kind } from '../../model/known.js';
import type { Analysis } from '../../model/analysis.js';
import { methodName } from '../../model/call-args.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';

export type BlockingKind = 'http' | 'sleep' | 'subprocess' | 'file' | 'db' | 'supabase';

export interface BlockingCall {
  kind: BlockingKind;
  /** What blocks, as markdown for the message: "`requests.get`", "`.query()` on a sync SQLAlchemy Session". */
  what: string;
}

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
  'shutil.copytree': 'file', 'shutil.move': 'file', 'shutil.rmtree': 'file',
  'smtplib.SMTP': 'http', 'smtplib.SMTP_SSL': 'http', 'psycopg2.connect': 'db', 'psycopg2.extras.execute_values': 'db', 'psycopg2.extras.execute_batch': 'db', 'psycopg.connect': 'db', 'psycopg.Connection.connect': 'db', 'sqlite3.connect': 'db', 'pymysql.connect': 'db',
});

/** Every last name a blocking call can have (functions and methods above, supabase I/O). */
export const BLOCKING_NAMES = new Set([
  ...Object.keys(BY_NAME).map((q) => q.slice(q.lastIndexOf('.') + 1)),
  ...Object.values(BLOCKING_METHODS).flatMap((s) => [...(s ?? [])]),
  'execute', 'upload', 'download', 'remove', 'list', 'move', 'copy', 'update', 'create_signed_url',
  'get_user', 'sign_in_with_password', 'sign_up', 'sign_out', 'refresh_session', 'set_session', 'get_session',
  'exchange_code_for_session', 'verify_otp', 'reset_password_email', 'update_user', 'create_user', 'delete_user',
  'invite_user_by_email', 'list_users', 'get_user_by_id', 'update_user_by_id', 'generate_link',
]);

const KIND_OF_RECEIVER: Partial<Record<Kind, BlockingKind>> = {
  'httpx.Client': 'http', 'requests.Session': 'http',
  'sa.Session': 'db', 'sa.Engine': 'db', 'sa.Connection': 'db', 'pg.Connection': 'db', 'pg.Cursor': 'db', 'pg.Pool': 'db',
  'path': 'file',
  'boto3.Client': 'http', 'smtp.SMTP': 'http', 'redis.Redis': 'db', 'urllib3.PoolManager': 'http', 'jwt.PyJWKClient': 'http',
};
const LABEL: Partial<Record<Kind, string>> = {
  'httpx.Client': 'httpx.Client', 'requests.Session': 'requests.Session', 'sa.Session': 'sync SQLAlchemy Session',
  'sa.Engine': 'sync SQLAlchemy Engine', 'sa.Connection': 'sync SQLAlchemy Connection', 'pg.Connection': 'sync DB-API connection',
  'pg.Cursor': 'sync DB-API cursor', 'pg.Pool': 'sync connection pool', 'path': 'pathlib.Path',
  'boto3.Client': 'boto3 client', 'smtp.SMTP': 'smtplib.SMTP', 'redis.Redis': 'sync Redis client', 'urllib3.PoolManager': 'urllib3.PoolManager', 'jwt.PyJWKClient': 'PyJWKClient (JWKS fetch)',
};

/** What a call blocks on when it runs on the event loop, or null when it does not block. */
export function blockingCall(an: Analysis, call: CallInfo): BlockingCall | null {
  const q = an.qualifiedCallee(call);
  if (q && BY_NAME[q]) return { kind: BY_NAME[q], what: `\`${q.replace(/^builtins\./, '')}\`` };
  const method = methodName(call.node, call.scope.module.file);
  if (!method) return null;
  const recv = an.receiverValue(call);
  if (!recv || recv.t !== 'inst') return null;
  if (recv.kind.startsWith('sb.') && !recv.async) {
    if (recv.kind === 'sb.Query' && method === 'execute') return { kind: 'supabase', what: '`.execute()` on the sync supabase client' };
    if (recv.kind === 'sb.Auth') return { kind: 'supabase', what: `\`.auth.${method}()\` on the sync supabase client` };
    if (recv.kind === 'sb.Storage' && method !== 'from_' && method !== 'get_public_url') return { kind: 'supabase', what: `\`.storage...${method}()\` on the sync supabase client` };
    return null;
  }
  const kind = KIND_OF_RECEIVER[recv.kind];
  if (!kind || !BLOCKING_METHODS[recv.kind]?.has(method)) return null;
  return { kind, what: `\`.${method}()\` on a ${LABEL[recv.kind]}` };
}

/**
 * A blocking call inside a plain `def` helper of the project that `call` invokes directly, so
 * the helper blocks the loop too. One level deep; cached helpers (lru_cache) are left alone.
 */
export function blockingViaHelper(an: Analysis, call: CallInfo, kind: BlockingKind): { helper: FunctionInfo; inner: BlockingCall } | null {
  const helper = an.calledFunction(call);
  if (!helper || helper.isAsync || helper.isLambda || helper.yields.length) return null;
  if (helper.decorators.some((d) => /cache|lru_cache/.test(helper.module.file.text(d)))) return null;
  for (const inner of helper.calls) {
    if (inner.fn !== helper) continue;
    const b = blockingCall(an, inner);
    if (b && b.kind === kind) return { helper, inner: b };
  }
  return null;
}

/** True when the call runs on the event loop: its nearest enclosing function is an `async def`. */
export function runsOnLoop(call: CallInfo): boolean {
  return !!call.fn && call.fn.isAsync && !call.fn.isLambda;
}
