import type { PyNode } from '../syntax/py-node.js';
import { kwarg, positional } from '../model/call-args.js';
import type { Project } from '../model/project.js';
import type { Scope } from '../model/types.js';
import type { Inst as ModelInst, Val as ModelVal, ValueKnowledge } from '../model/values.js';
import { dependencyTarget } from './depends.js';
import { ANNOTATIONS, ASYNC_SUPABASE_ANNOTATIONS, COROUTINE_FUNCTIONS, COROUTINE_METHODS, FACTORIES, GLOBALS, METHOD_RESULTS, SUPABASE_QUERY_STARTERS, SUPABASE_STORAGE_IO, type Kind } from './known.js';
import { SDK_ANNOTATIONS, SDK_CLIENTS, SYNC_SDKS } from './known-sdk.js';
import { isServiceKeyExpr } from './service-key.js';

/** A value as the rules see it: the model's, with the library kinds this knowledge tells apart. */
export type Val = ModelVal<Kind>;

/**
 * The framework knowledge the value inference is given (see model/values.ts): the libraries of
 * known.ts and known-sdk.ts, FastAPI's `Depends`, and Supabase's service-role key, for one project.
 */
export function libraryKnowledge(project: Project): ValueKnowledge<Kind> {
  return {
    callResult: (name, call, scope) => factoryValue({ name, call, scope, isServiceKey: (key) => isServiceKeyExpr(project, scope, key) }),
    attribute: instAttribute,
    methodResult,
    annotation: annotationOf,
    global: (name) => (GLOBALS[name] ? { t: 'inst', kind: GLOBALS[name] } : null),
    injectedBy: (scope, param) => dependencyTarget(project, scope, param),
  };
}

/** The object an external annotation promises (`sqlalchemy.orm.Session`, `openai.OpenAI`), or null. */
function annotationOf(name: string): Val | null {
  const kind = ANNOTATIONS[name];
  if (!kind) return SDK_ANNOTATIONS[name] ? { t: 'inst', kind: 'sdk.Client', sdk: SDK_ANNOTATIONS[name] } : null;
  return { t: 'inst', kind, async: ASYNC_SUPABASE_ANNOTATIONS.has(name) || undefined };
}

type Inst = ModelInst<Kind>;

/**
 * What calling a library factory gives (`create_client` -> a sync supabase Client, flagged as
 * service-role when built with that key; `sessionmaker(class_=AsyncSession)` -> an async factory).
 */
export function factoryValue(params: { name: string; call: PyNode; scope: Scope; isServiceKey: (key: PyNode) => boolean }): Val | null {
  const { name, call, scope } = params;
  const f = FACTORIES[name];
  if (!f) {
    if (SDK_CLIENTS[name]) return { t: 'inst', kind: 'sdk.Client', sdk: SDK_CLIENTS[name] };
    return COROUTINE_FUNCTIONS.has(name) ? { t: 'coro', of: null } : null;
  }
  let kind = f.kind;
  if (kind === 'sa.sessionmaker') {
    const cls = kwarg(call, 'class_', scope.module.file);
    if (cls && /AsyncSession/.test(scope.module.file.text(cls))) kind = 'sa.async_sessionmaker';
  }
  const inst: Val = { t: 'inst', kind, async: f.async };
  if (f.supabase) {
    const key = positional(call, 1) ?? kwarg(call, 'supabase_key', scope.module.file);
    if (key && params.isServiceKey(key)) inst.service = true;
  }
  return f.coro ? { t: 'coro', of: inst } : inst;
}

/** `client.auth`, `client.storage`, `client.postgrest`, `path.parent`. */
export function instAttribute(base: Inst, attr: string): Val | null {
  if (base.kind === 'sb.Client' || base.kind === 'sb.Auth') {
    const kind: Kind | null = attr === 'auth' || attr === 'admin' ? 'sb.Auth' : attr === 'storage' ? 'sb.Storage' : attr === 'postgrest' ? 'sb.Postgrest' : null;
    return kind ? { t: 'inst', kind, async: base.async, service: base.service } : null;
  }
  if (base.kind === 'path' && attr === 'parent') return base;
  if (base.kind === 'upload' && attr === 'file') return { t: 'inst', kind: 'upload.file' };
  // Flask-SQLAlchemy's `db.session` (a scoped_session: every Session method, sync) and `db.engine`.
  if (base.kind === 'fsa.SQLAlchemy') return attr === 'session' ? { t: 'inst', kind: 'sa.Session' } : attr === 'engine' ? { t: 'inst', kind: 'sa.Engine' } : null;
  // SDK namespaces: `client.chat.completions`, `mongo.app.users`.
  if (base.kind === 'sdk.Client') return base;
  return null;
}

/** What a method of a library object returns: another known object, a coroutine, or nothing known. */
export function methodResult(base: Inst, method: string): Val | null {
  // `a / b`: pathlib's `BASE / "name"` is a Path.
  if (method === '__truediv__') return base.kind === 'path' ? base : null;
  const flags = { async: base.async, service: base.service };
  if (base.kind === 'sb.Client' || base.kind === 'sb.Postgrest') {
    return SUPABASE_QUERY_STARTERS.has(method) ? { t: 'inst', kind: 'sb.Query', ...flags } : null;
  }
  if (base.kind === 'sb.Query') {
    if (method === 'execute') {
      const response: Val = { t: 'inst', kind: 'sb.Response', ...flags };
      return base.async ? { t: 'coro', of: response } : response;
    }
    return { t: 'inst', kind: 'sb.Query', ...flags };
  }
  if (base.kind === 'sb.Storage') {
    if (method === 'from_') return base;
    return base.async && SUPABASE_STORAGE_IO.has(method) ? { t: 'coro', of: null } : null;
  }
  if (base.kind === 'sb.Auth') return base.async ? { t: 'coro', of: null } : null;
  // Builders and namespaces stay on the client (`db.get_collection("x")`, `services(sid)`); an I/O call's result is data.
  if (base.kind === 'sdk.Client') return base.sdk && SYNC_SDKS[base.sdk]?.methods?.test(method) ? null : base;
  const next = METHOD_RESULTS[base.kind]?.[method];
  if (next) return { t: 'inst', kind: next };
  return COROUTINE_METHODS[base.kind]?.has(method) ? { t: 'coro', of: null } : null;
}

