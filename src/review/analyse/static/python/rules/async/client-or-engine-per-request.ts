import type { RuleMeta } from '../../../shared/rule.js';
import { outerParent } from '../../syntax/py-node.js';
import { argumentValues, kwarg, methodName, positional } from '../../model/call-args.js';
import { isServiceKeyExpr } from '../../knowledge/service-key.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('client-or-engine-per-request');

const FACTORIES: Record<string, string> = {
  'sqlalchemy.create_engine': 'engine', 'sqlalchemy.engine.create_engine': 'engine', 'sqlmodel.create_engine': 'engine',
  'sqlalchemy.ext.asyncio.create_async_engine': 'async engine', 'asyncpg.create_pool': 'asyncpg pool',
  'psycopg_pool.ConnectionPool': 'connection pool', 'psycopg_pool.AsyncConnectionPool': 'connection pool',
  'psycopg2.pool.SimpleConnectionPool': 'connection pool', 'psycopg2.pool.ThreadedConnectionPool': 'connection pool',
  'httpx.AsyncClient': 'httpx.AsyncClient', 'httpx.Client': 'httpx.Client', 'aiohttp.ClientSession': 'aiohttp.ClientSession',
  'requests.Session': 'requests.Session', 'redis.Redis': 'Redis client', 'redis.asyncio.Redis': 'Redis client',
  'redis.from_url': 'Redis client', 'redis.asyncio.from_url': 'Redis client',
  'motor.motor_asyncio.AsyncIOMotorClient': 'MongoDB client', 'pymongo.MongoClient': 'MongoDB client',
  'supabase.create_client': 'supabase client', 'supabase.acreate_client': 'supabase client', 'supabase.create_async_client': 'supabase client',
};

/** Direct connections: normal in a small app, waste when they bypass the pool the app already has. */
const CONNECTS: Record<string, string> = {
  'asyncpg.connect': 'asyncpg connection', 'psycopg.AsyncConnection.connect': 'psycopg connection',
  'psycopg.connect': 'psycopg connection', 'psycopg2.connect': 'psycopg2 connection',
};
const POOLS = /^(asyncpg\.(pool\.)?create_pool|psycopg_pool\.(Async)?ConnectionPool|psycopg2\.pool\.\w+|sqlalchemy\.(ext\.asyncio\.create_async_engine|create_engine)|sqlmodel\.create_engine)$/;
const SYNC_HTTP = new Set(['httpx.Client', 'requests.Session']);
const HTTP = new Set(['httpx.AsyncClient', 'httpx.Client', 'aiohttp.ClientSession', 'requests.Session']);
const SYNC_CONNECTS = new Set(['psycopg.connect', 'psycopg2.connect']);
const FACTORY_NAMES = new Set([...Object.keys(FACTORIES), ...Object.keys(CONNECTS)].map((q) => q.slice(q.lastIndexOf('.') + 1)));

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      if (fn.isLambda || fn.hasGlobal || !fn.calls.some((c) => FACTORY_NAMES.has(c.name)) || isCached(fn)) continue;
      const route = ctx.an.route(fn);
      if (!route && !ctx.an.isDependency(fn)) continue;
      for (const call of fn.calls) {
        if (!FACTORY_NAMES.has(call.name) || !ctx.touches(call.node)) continue;
        const q = ctx.an.qualifiedCallee(call);
        const what = q ? FACTORIES[q] ?? bypassedPool(ctx, fn, q) : undefined;
        if (!what || storedOnApp(ctx, call) || createdOnce(ctx, call) || (what === 'supabase client' && isUserScoped(ctx, fn, call))) continue;
        // A sync client inside async def blocks the loop on every call: the blocking-call finding says it all.
        if (fn.isAsync && SYNC_HTTP.has(what)) continue;
        // An ad-hoc HTTP client for the call at hand (a URL of the moment, a one-off lookup) loses one handshake;
        // one bound to a service (`base_url=`) is the client the app talks to that service with, rebuilt each time.
        if (HTTP.has(what) && !kwarg(call.node, 'base_url', ctx.model.file)) continue;
        // A service-role client built in a handler is wrong there at all (service-role-in-user-request-path).
        if (route && what === 'supabase client' && builtWithServiceKey(ctx, call)) continue;
        const where = route ? `route handler \`${fn.name}\`` : `dependency \`${fn.name}\``;
        ctx.report(meta, {
          node: call.node,
          message:
            `A new ${what} is built in ${where}, i.e. on every request: its connection pool (and TLS sessions) are thrown ` +
            'away each time, adding connection setup latency and risking connection exhaustion under load. Create it once ' +
            'in the app lifespan (or a cached factory) and inject it with a dependency.',
        });
      }
    }
  },
};

function isCached(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => /(^|\.)(lru_cache|cache|cached|alru_cache)\b/.test(fn.module.file.text(d)));
}

/** `app.state.x = httpx.AsyncClient()` is the lifespan pattern even when written in a handler. */
function storedOnApp(ctx: FileContext, call: CallInfo): boolean {
  const p = outerParent(call.node);
  if (p?.type !== 'assignment') return false;
  const left = p.children.find((c) => c.field === 'left');
  return !!left && /\.state\./.test(ctx.model.file.text(left));
}

/**
 * A lazy singleton: `if not db.pool: db.pool = await asyncpg.create_pool(...)` (or `is None`) stores the
 * client on a longer-lived object the first time and reuses it after.
 */
function createdOnce(ctx: FileContext, call: CallInfo): boolean {
  const file = ctx.model.file;
  let value = outerParent(call.node);
  if (value?.type === 'await') value = outerParent(value);
  if (value?.type !== 'assignment') return false;
  const left = value.children.find((c) => c.field === 'left');
  if (left?.type !== 'attribute') return false;
  const target = file.text(left).replace(/[.[\]()]/g, '\\$&');
  const unset = new RegExp(`^(not\\s+${target}|${target}\\s+is\\s+None)$`);
  for (let n = value.parent; n && n !== call.fn?.node; n = n.parent) {
    if (n.type !== 'if_statement') continue;
    const condition = n.children.find((c) => c.field === 'condition');
    if (condition && unset.test(file.text(condition).trim())) return true;
  }
  return false;
}

/**
 * A supabase client carrying the caller's JWT (postgrest.auth(token), set_session, an
 * Authorization header) must be per request: that is how RLS sees the user.
 */
function isUserScoped(ctx: FileContext, fn: FunctionInfo, call: CallInfo): boolean {
  const file = ctx.model.file;
  if (argumentValues(call.node).some((a) => /authorization|access_token|headers|token/i.test(file.text(a)))) return true;
  return fn.calls.some((c) => {
    const m = methodName(c.node, file);
    return (m === 'auth' && /postgrest/.test(file.text(c.callee))) || m === 'set_session' || m === 'set_auth';
  });
}

function builtWithServiceKey(ctx: FileContext, call: CallInfo): boolean {
  const key = positional(call.node, 1) ?? kwarg(call.node, 'supabase_key', ctx.model.file);
  return !!key && isServiceKeyExpr(ctx.an.project, call.scope, key);
}

/**
 * A direct connection opened per request while the app has a pool (or engine) it could borrow from.
 * A sync connect in async def is left to the blocking-call finding; LISTEN needs its own connection.
 */
function bypassedPool(ctx: FileContext, fn: FunctionInfo, q: string): string | undefined {
  const what = CONNECTS[q];
  if (!what || (fn.isAsync && SYNC_CONNECTS.has(q)) || fn.calls.some((c) => c.name === 'add_listener')) return undefined;
  const hasPool = ctx.an.memo('app-has-pool', () => [...ctx.an.project.loadedModels()].some((m) => m.calls.some((c) => POOLS.test(ctx.an.qualifiedCallee(c) ?? ''))));
  return hasPool ? `${what} (bypassing the app's pool)` : undefined;
}
