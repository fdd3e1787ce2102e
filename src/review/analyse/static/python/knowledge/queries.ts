import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { kwarg, methodName, positional, receiver, stringValue } from '../model/call-args.js';
import type { Analysis } from './analysis.js';
import { analyseStatement, collectLoaders, entityModel, rawFacts, type Statement } from './statements.js';
import { isPrior } from '../model/scope.js';
import type { Scope } from '../model/types.js';

/** Rows produced by running a statement: where it runs and whether it is a list. */
export interface QueryResult {
  stmt: Statement;
  /** The call that hits the database. */
  exec: PyNode;
  many: boolean;
  /** The scope the execution happens in (a helper's, when rows come from another function). */
  scope: Scope;
}

const DB_KINDS = new Set(['databases.Database', 'sa.Session', 'sa.AsyncSession', 'sa.Connection', 'sa.AsyncConnection', 'apg.Connection', 'apg.Pool', 'pg.Connection', 'pg.AsyncConnection', 'pg.Cursor', 'pg.AsyncCursor']);
const DB_NAME = /^(self\.)?_?(db|session|sess|conn|connection|pool|tx|cur|cursor|database|db_session|async_session)$/;
const TERMINAL_MANY = new Set(['all', 'fetchall', 'unique', 'scalars', 'mappings', 'tuples', 'partitions']);
const TERMINAL_ONE = new Set(['first', 'one', 'one_or_none', 'scalar_one', 'scalar_one_or_none', 'scalar', 'fetchone']);
const EXEC_MANY = new Set(['execute', 'scalars', 'stream', 'stream_scalars', 'fetch', 'exec', 'fetch_all']);
const EXEC_ONE = new Set(['scalar', 'get', 'get_one', 'fetchrow', 'fetchval', 'fetch_one', 'fetch_val']);

/** The rows an expression holds when it is (derived from) a database read; writes give null. */
export function resultOf(an: Analysis, expr: PyNode, scope: Scope, depth = 0): QueryResult | null {
  const r = rowsOf(an, expr, scope, depth);
  return r && !r.stmt.write ? r : null;
}

function rowsOf(an: Analysis, expr: PyNode, scope: Scope, depth: number): QueryResult | null {
  const n = unparen(expr);
  const file = scope.module.file;
  if (depth > 8) return null;
  switch (n.type) {
    case 'await':
      return n.children[0] ? resultOf(an, n.children[0], scope, depth + 1) : null;
    case 'attribute':
      return file.text(fieldOf(n, 'attribute')!) === 'data' ? resultOf(an, fieldOf(n, 'object')!, scope, depth + 1) : null;
    case 'subscript': {
      const inner = resultOf(an, fieldOf(n, 'value')!, scope, depth + 1);
      return inner ? { ...inner, many: false } : null;
    }
    case 'identifier': {
      const bs = scope.bindings.get(file.text(n))?.filter((b) => isPrior(b, n) && b.kind === 'assign' && b.value && (b.index ?? -1) < 0);
      const last = bs?.[bs.length - 1];
      return last ? resultOf(an, last.value!, scope, depth + 1) : null;
    }
    case 'call':
      return callResult(an, n, scope, depth) ?? wrappedRows(an, n, scope, depth) ?? helperRows(an, n, scope, depth);
    default:
      return null;
  }
}

/** Builtins that keep one entry per row: `list(result)`, `sorted(rows, key=...)`. */
const ROW_WRAPPERS = new Set(['list', 'tuple', 'sorted', 'reversed']);

function wrappedRows(an: Analysis, call: PyNode, scope: Scope, depth: number): QueryResult | null {
  const callee = fieldOf(call, 'function');
  if (!callee || callee.type !== 'identifier' || !ROW_WRAPPERS.has(scope.module.file.text(callee))) return null;
  const arg = positional(call, 0);
  const inner = arg ? resultOf(an, arg, scope, depth + 1) : null;
  return inner?.many ? inner : null;
}

/**
 * The rows a project function returns (`await repo.for_hotel(session, id)`, `svc.recent(...)`):
 * repositories and services run the query, routes consume the rows.
 */
function helperRows(an: Analysis, call: PyNode, scope: Scope, depth: number): QueryResult | null {
  const callee = fieldOf(call, 'function');
  const last = callee?.type === 'attribute' ? fieldOf(callee, 'attribute') : callee;
  if (!callee || !last || last.type !== 'identifier' || !an.mayBeProjectFunction(scope.module.file.text(last))) return null;
  const fn = an.calledFunctionAt(callee, scope);
  if (!fn || fn === scope.fn || fn.yields.length) return null;
  for (const ret of fn.returns) {
    const rows = resultOf(an, ret, fn.scope, depth + 1);
    if (rows) return rows;
  }
  return null;
}

function callResult(an: Analysis, call: PyNode, scope: Scope, depth: number): QueryResult | null {
  const file = scope.module.file;
  const m = methodName(call, file);
  const recv = receiver(call);
  if (!m || !recv) return null;
  const handle = isDbHandle(an, recv, scope);
  if (handle && (EXEC_MANY.has(m) || EXEC_ONE.has(m))) {
    const stmt = execStatement(an, call, m, scope);
    return stmt ? { stmt, exec: call, many: EXEC_MANY.has(m), scope } : null;
  }
  if (m === 'execute') {
    const st = analyseStatement(an, recv, scope);
    if (st?.kind === 'supabase') return { stmt: st, exec: call, many: !/\.(single|maybe_single)\(\s*\)|\.limit\(\s*1\s*\)/.test(file.text(recv)), scope };
    // An unknown receiver executing a select(...) statement is still a query.
    const arg = positional(call, 0);
    const inner = arg ? analyseStatement(an, arg, scope) : null;
    return inner && inner.kind !== 'supabase' ? { stmt: inner, exec: call, many: true, scope } : null;
  }
  if (m === 'get') {
    // Legacy `session.query(Model).get(pk)`: one row by primary key.
    const legacy = analyseStatement(an, recv, scope);
    if (legacy?.kind === 'legacy') return { stmt: { ...legacy, filtered: true, limited: true }, exec: call, many: false, scope };
  }
  if (TERMINAL_MANY.has(m) || TERMINAL_ONE.has(m)) {
    const inner = resultOf(an, recv, scope, depth + 1);
    const many = TERMINAL_MANY.has(m);
    if (inner) return { ...inner, many: many && inner.many, stmt: many ? inner.stmt : { ...inner.stmt, limited: true } };
    const legacy = analyseStatement(an, recv, scope);
    if (legacy?.kind === 'legacy') return { stmt: many ? legacy : { ...legacy, limited: true }, exec: call, many, scope };
  }
  return null;
}

function execStatement(an: Analysis, call: PyNode, m: string, scope: Scope): Statement | null {
  const file = scope.module.file;
  const arg = positional(call, 0);
  if (!arg) return null;
  if (m === 'get' || m === 'get_one') {
    const loaders = new Set<string>();
    const options = kwarg(call, 'options', file);
    if (options) collectLoaders(options, scope, loaders);
    return { kind: 'select', model: entityModel(an, arg, scope), filtered: true, limited: true, aggregate: false, loaders, base: call, sql: null, write: false };
  }
  const st = analyseStatement(an, arg, scope);
  if (st) return st;
  const sql = stringValue(unparen(arg), file);
  if (sql !== null || unparen(arg).type === 'string') {
    return { kind: 'raw', model: null, loaders: new Set(), base: call, filtered: false, limited: false, aggregate: false, write: false, ...rawFacts(sql), sql };
  }
  return null;
}

/** True when an expression is a database session / connection / pool / cursor. */
export function isDbHandle(an: Analysis, node: PyNode, scope: Scope): boolean {
  const v = an.infer.valueOf(node, scope);
  if (v?.t === 'inst') return DB_KINDS.has(v.kind);
  // Unknown, or imported from a module that is not loaded (`from app.db import pool`): go by the name.
  return (!v || (v.t === 'sym' && v.sym.t === 'ext')) && DB_NAME.test(scope.module.file.text(node));
}

/** The outermost expression of a call chain around a node (`(await db.scalars(q)).first()` for the inner call). */
export function chainTop(node: PyNode): PyNode {
  let cur = node;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'await' || p.type === 'parenthesized_expression') cur = p;
    else if (p.type === 'attribute' && p.children[0] === cur) cur = p.parent?.type === 'call' ? p.parent : p;
    else return cur;
  }
}
