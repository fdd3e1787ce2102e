import { fieldOf, unparen, walk, type PyNode } from '../syntax/py-node.js';
import { kwarg, methodName, positional, receiver, stringValue } from '../model/call-args.js';
import type { Analysis } from './analysis.js';
import { ormModelOf, type OrmModel } from './orm.js';
import { resolveExpr } from '../model/resolve.js';
import { isPrior } from '../model/scope.js';
import { seriesSource, seriesSql } from './series.js';
import type { Scope } from '../model/types.js';

/** What a query statement (SQLAlchemy select / session.query / supabase chain / raw SQL) asks for. */
export interface Statement {
  kind: 'select' | 'legacy' | 'supabase' | 'raw';
  /** The mapped class selected as an entity (`select(User)`), or null for columns / raw SQL. */
  model: OrmModel | null;
  filtered: boolean;
  /**
   * The rows are bounded whatever the table holds: a LIMIT, one row fetched, the key pinned, or one row
   * per value of a generated series (`FROM generate_series(...)`).
   */
  limited: boolean;
  aggregate: boolean;
  /** Relationship names loaded eagerly through `.options(selectinload(...), joinedload(...))`. */
  loaders: Set<string>;
  /** The base call where the statement starts (`select(...)`, `db.table(...)`, `text(...)`). */
  base: PyNode;
  /** The SQL text of a raw statement, when it is a literal. */
  sql: string | null;
  /** An INSERT / UPDATE / DELETE / upsert rather than a read. */
  write: boolean;
  /** The rows of one person: an equality on the column naming their owner (`.eq("user_id", uid)`, `Task.owner_id == me.id`). */
  ownRows?: boolean;
  /**
   * The rows of one parent: an equality on a reference column other than the key (`Project.organisation_id == org`,
   * `.eq("agent_id", a)`, `WHERE feed.execution_id = :e`). One person's rows are one parent's too.
   */
  parentRows?: boolean;
}

const FILTERS = new Set(['where', 'filter', 'filter_by', 'having', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is_', 'in_', 'contains', 'contained_by', 'match', 'or_', 'not_', 'text_search', 'get']);
const LIMITS = new Set(['limit', 'slice', 'fetch', 'range', 'single', 'maybe_single', 'first', 'one', 'one_or_none', 'get', 'scalar', 'paginate']);
const AGGREGATES = new Set(['group_by', 'count', 'distinct_count']);
const WRITES = new Set(['insert', 'update', 'upsert', 'delete']);
const LOADERS = /^(selectinload|joinedload|subqueryload|immediateload|contains_eager|selectin_polymorphic)$/;

/** Analyses the statement an expression denotes, following local variables; null when it is not one. */
export function analyseStatement(an: Analysis, expr: PyNode, scope: Scope, depth = 0): Statement | null {
  const st = statementOf(an, expr, scope, depth);
  // Rows driven by a generated series: one per value of the range (`select_from(days.join(totals))`).
  if (depth === 0 && st && !st.limited && st.kind !== 'supabase' && seriesSource(an, expr, scope)) st.limited = true;
  return st;
}

function statementOf(an: Analysis, expr: PyNode, scope: Scope, depth: number): Statement | null {
  const file = scope.module.file;
  let n = unparen(expr);
  if (depth > 6) return null;
  if (n.type === 'identifier') {
    const b = scope.bindings.get(file.text(n))?.filter((x) => isPrior(x, n) && x.kind === 'assign' && x.value);
    const last = b?.[b.length - 1];
    return last ? analyseStatement(an, last.value!, scope, depth + 1) : null;
  }
  const chain: { name: string; call: PyNode }[] = [];
  while (n.type === 'call') {
    const m = methodName(n, file);
    const recv = receiver(n);
    if (!m || !recv) break;
    if (m === 'query' || m === 'table' || m === 'from_') break;
    chain.push({ name: m, call: n });
    n = unparen(recv);
    if (n.type === 'identifier') {
      const inner = analyseStatement(an, n, scope, depth + 1);
      return inner ? applyChain(inner, chain, scope) : null;
    }
  }
  if (n.type !== 'call') return null;
  const base = baseStatement(an, n, scope);
  return base ? applyChain(base, chain, scope) : null;
}

function baseStatement(an: Analysis, call: PyNode, scope: Scope): Statement | null {
  const file = scope.module.file;
  const callee = fieldOf(call, 'function')!;
  const m = methodName(call, file);
  const fresh = (kind: Statement['kind'], model: OrmModel | null, extra: Partial<Statement> = {}): Statement => ({
    kind, model, filtered: false, limited: false, aggregate: false, loaders: new Set(), base: call, sql: null, write: false, ...extra,
  });
  if (m === 'table' || m === 'from_') return fresh('supabase', null);
  const first = positional(call, 0);
  if (m === 'query') return fresh('legacy', first ? entityModel(an, first, scope) : null, { aggregate: !!first && isAggregate(first, scope) });
  const q = an.qualifiedOf(callee, scope) ?? file.text(callee);
  if (/(^|\.)select$/.test(q) && (q.startsWith('sqlalchemy') || q.startsWith('sqlmodel') || q === 'select')) {
    return fresh('select', first ? entityModel(an, first, scope) : null, { aggregate: !!first && isAggregate(first, scope) });
  }
  if (/(^|\.)text$/.test(q)) {
    const sql = first ? stringValue(first, file) ?? constantSql(first, scope) : null;
    return fresh('raw', null, rawFacts(sql));
  }
  return null;
}

/** Filter / limit / aggregate facts read from literal SQL. */
export function rawFacts(sql: string | null): Partial<Statement> {
  if (sql === null) return { sql: null, filtered: true, limited: true };
  return {
    sql, write: /^\s*(insert|update|delete|merge)\b/i.test(sql), filtered: /\bwhere\b/i.test(sql),
    limited: /\b(limit|fetch\s+first)\b/i.test(sql) || seriesSql(sql),
    aggregate: /\b(count|sum|avg|min|max)\s*\(|\bgroup\s+by\b/i.test(sql),
    ownRows: OWN_ROWS_SQL.test(sql),
    parentRows: OWN_ROWS_SQL.test(sql) || PARENT_ROWS_SQL.test(sql),
  };
}

/** The column naming the person a row belongs to: `user_id`, `owner_id`, `profile_id`, `created_by`. */
const OWNER_WORDS = '((user|owner|profile|account|author|creator|member|customer)_?id|user|owner|created_by)';
const OWNER_COLUMN = new RegExp(`^${OWNER_WORDS}$`);
/** `WHERE t.user_id = :uid` (a bound value, not a join on another column). */
const OWN_ROWS_SQL = new RegExp(`\\bwhere\\b[^;]*?[\\s(."]${OWNER_WORDS}"?\\s*=\\s*[:$%@?(]`, 'i');

/** `WHERE t.project_id = :p`: an equality of a reference column with a bound value. */
const PARENT_ROWS_SQL = /\bwhere\b[^;]*?[\s(."]\w+_id"?\s*=\s*[:$%@?(]/i;

/** An equality that keeps one person's rows: `.eq("user_id", x)`, `.where(T.owner_id == x)`, `.filter_by(user_id=x)`. */
function keepsOwnRows(name: string, call: PyNode, file: Scope['module']['file']): boolean {
  return equalsOn(name, call, file, (column) => OWNER_COLUMN.test(column));
}

/** An equality on a reference column that is not the rows' own key (`.where(Feed.execution_id == e)`). */
function keepsParentRows(name: string, call: PyNode, st: Statement, scope: Scope): boolean {
  const table = st.kind === 'supabase' ? supabaseTable(st.base, scope.module.file) : null;
  return equalsOn(name, call, scope.module.file, (column) => /^\w+_id$/.test(column) && !isKeyColumn(column, st, table));
}

/** A filter call (`eq`, `filter_by`, `where`, `filter`) with an equality on a column `accept` takes. */
function equalsOn(name: string, call: PyNode, file: Scope['module']['file'], accept: (column: string) => boolean): boolean {
  if (name === 'eq') {
    const column = positional(call, 0);
    return !!column && accept(stringValue(unparen(column), file) ?? '');
  }
  if (name === 'filter_by') return (fieldOf(call, 'arguments')?.children ?? []).some((a) => a.type === 'keyword_argument' && accept(file.text(fieldOf(a, 'name')!)));
  if (name !== 'where' && name !== 'filter') return false;
  return (fieldOf(call, 'arguments')?.children ?? []).some((arg) => {
    const cond = unparen(arg);
    if (cond.type !== 'comparison_operator' || !cond.tokens?.includes('==') || cond.children.length !== 2) return false;
    return cond.children.some((side) => side.type === 'attribute' && accept(file.text(fieldOf(side, 'attribute')!)));
  });
}

function constantSql(node: PyNode, scope: Scope): string | null {
  if (node.type !== 'identifier') return null;
  const b = scope.bindings.get(scope.module.file.text(node)) ?? scope.module.scope.bindings.get(scope.module.file.text(node));
  const value = b?.[b.length - 1]?.value;
  return value ? stringValue(unparen(value), scope.module.file) : null;
}

/** A key column: an equality on it selects at most one row. */
const KEY_COLUMN = /^(id|uuid|pk)$/;

/** True when a column is the key of the rows a statement reads (`id`, a declared primary key, `<table>_id` on that table). */
function isKeyColumn(column: string, st: Statement, table: string | null): boolean {
  if (KEY_COLUMN.test(column) || st.model?.primaryKeys.has(column)) return true;
  return !!table && (column === `${table}_id` || column === `${table.replace(/s$/, '')}_id`);
}

/**
 * True when a filter bounds the rows by the caller's input: it pins the key (`.eq("id", x)`,
 * `.where(X.id == x)`, `.filter_by(id=x)`: one row at most) or matches a list the caller holds
 * (`.where(X.id.in_(ids))`, `.in_("id", ids)`: as many rows as the list, not the table).
 */
function boundsRows(name: string, call: PyNode, st: Statement, scope: Scope): boolean {
  const file = scope.module.file;
  const table = st.kind === 'supabase' ? supabaseTable(st.base, file) : null;
  if (name === 'eq') {
    const column = positional(call, 0);
    return !!column && isKeyColumn(stringValue(unparen(column), file) ?? '', st, table);
  }
  if (name === 'in_') return !isSubquery(positional(call, 1), file);
  if (name === 'filter_by') return !!kwarg(call, 'id', file) || [...(st.model?.primaryKeys ?? [])].some((k) => !!kwarg(call, k, file));
  if (name !== 'where' && name !== 'filter') return false;
  return (fieldOf(call, 'arguments')?.children ?? []).some((arg) => {
    const cond = unparen(arg);
    if (cond.type === 'call' && methodName(cond, file) === 'in_') return !isSubquery(positional(cond, 0), file);
    if (cond.type !== 'comparison_operator' || !cond.tokens?.includes('==') || cond.children.length !== 2) return false;
    return cond.children.some((side) => side.type === 'attribute' && isKeyColumn(file.text(fieldOf(side, 'attribute')!), st, table));
  });
}

/** A sub-select (`select(...)`, `.subquery()`, `.scalar_subquery()`) rather than a list of values. */
function isSubquery(node: PyNode | null, file: Scope['module']['file']): boolean {
  return !!node && /\bselect\s*\(|subquery\s*\(|\bquery\s*\(/.test(file.text(node));
}

/** The table of a PostgREST chain's base call (`db.table("ttd")`). */
function supabaseTable(base: PyNode, file: Scope['module']['file']): string | null {
  const first = positional(base, 0);
  return first ? stringValue(unparen(first), file) : null;
}

function applyChain(st: Statement, chain: { name: string; call: PyNode }[], scope: Scope): Statement {
  const out = { ...st, loaders: new Set(st.loaders) };
  for (const { name, call } of chain) {
    if (FILTERS.has(name)) out.filtered = true;
    if (LIMITS.has(name) || boundsRows(name, call, out, scope)) out.limited = true;
    if (keepsOwnRows(name, call, scope.module.file)) out.ownRows = out.parentRows = true;
    else if (keepsParentRows(name, call, out, scope)) out.parentRows = true;
    if (AGGREGATES.has(name)) out.aggregate = true;
    if (name === 'options') collectLoaders(call, scope, out.loaders);
    if (WRITES.has(name)) out.write = true;
  }
  return out;
}

/** Relationship attribute names named inside loader options (`selectinload(A.b).joinedload(B.c)`). */
export function collectLoaders(options: PyNode, scope: Scope, into: Set<string>): void {
  const file = scope.module.file;
  walk(options, (n) => {
    if (n.type !== 'call') return true;
    const callee = fieldOf(n, 'function');
    const name = callee ? file.text(callee.type === 'attribute' ? fieldOf(callee, 'attribute')! : callee) : '';
    if (!LOADERS.test(name)) return true;
    for (const arg of fieldOf(n, 'arguments')?.children ?? []) {
      const a = unparen(arg);
      if (a.type === 'attribute') into.add(file.text(fieldOf(a, 'attribute')!));
      else if (a.type === 'string') into.add(stringValue(a, file) ?? '');
    }
    return true;
  });
}

/** The mapped class an entity expression names (`User`, `models.User`), or null. */
export function entityModel(an: Analysis, node: PyNode, scope: Scope): OrmModel | null {
  const n = unparen(node);
  if (n.type !== 'identifier' && n.type !== 'attribute') return null;
  const sym = resolveExpr(an.project, scope, n);
  return sym?.t === 'cls' ? ormModelOf(sym.cls) : null;
}

function isAggregate(node: PyNode, scope: Scope): boolean {
  return /(^|\.)func\.|count\(/.test(scope.module.file.text(node));
}
