import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import { methodName, positional, receiver, stringValue } from '../model/call-args.js';
import type { Analysis } from './analysis.js';
import { isPrior, lookupName } from '../model/scope.js';
import type { Scope } from '../model/types.js';

/*
 * Rows driven by a generated series: a statement whose leading FROM is `generate_series(...)` (or a
 * CTE / sub-select / alias over one) returns one row per value of the series, so the range bounds the
 * response, not the growth of a table. Joining derived rows onto it (a CTE of daily totals) keeps that
 * bound; joining a mapped table (one row per event) does not.
 */

const MAX_DEPTH = 24;
/** SQLAlchemy constructors whose rows come from their first argument: `select(col, ...)`, `cte(stmt)`, `aliased(sub)`. */
const WRAPPERS = new Set(['select', 'cte', 'alias', 'aliased', 'lateral', 'subquery']);
const JOINS = new Set(['join', 'outerjoin', 'join_from', 'outerjoin_from']);
const SET_OPS = new Set(['union', 'union_all', 'intersect', 'intersect_all', 'except_', 'except_all']);

/**
 * True when the rows of a SQLAlchemy expression (a statement, a CTE, a column of one) come from a generated
 * series: `func.generate_series(...)`, followed through local variables, column access (`days.c.ts`),
 * statement methods, `select_from(...)` / `.join(...)`, and project helpers that build the CTE.
 */
export function seriesSource(an: Analysis, expr: PyNode, scope: Scope, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unparen(expr);
  const file = scope.module.file;
  switch (n.type) {
    case 'identifier': {
      const bs = lookupName(scope, file.text(n))?.filter((b) => (isPrior(b, n) || b.scope !== scope) && b.kind === 'assign' && !!b.value && (b.index ?? -1) < 0);
      const last = bs?.[bs.length - 1];
      return !!last && seriesSource(an, last.value!, last.valueScope ?? last.scope, depth + 1);
    }
    // `days.c.ts`, `days.c["ts"]`: a column of the series.
    case 'attribute':
      return seriesSource(an, fieldOf(n, 'object')!, scope, depth);
    case 'subscript':
      return seriesSource(an, fieldOf(n, 'value')!, scope, depth);
    case 'call':
      return seriesCall(an, n, scope, depth);
    default:
      return false;
  }
}

function seriesCall(an: Analysis, call: PyNode, scope: Scope, depth: number): boolean {
  const file = scope.module.file;
  const callee = fieldOf(call, 'function')!;
  const name = lastName(callee, file);
  if (name === 'generate_series') return true;
  const first = positional(call, 0);
  const recv = receiver(call);
  if (recv) {
    // The leading FROM, whatever the columns: `select(...).select_from(days.join(totals, ...))`.
    if (name === 'select_from') return !!first && seriesSource(an, first, scope, depth + 1);
    // Legacy `session.query(days.c.ts)`.
    if (name === 'query') return !!first && seriesSource(an, first, scope, depth + 1);
    if (JOINS.has(name)) return !!first && isDerived(an, first, scope, depth + 1) && seriesSource(an, recv, scope, depth + 1);
    if (SET_OPS.has(name)) return argsAreSeries(an, call, scope, depth) && seriesSource(an, recv, scope, depth + 1);
  } else {
    if (WRAPPERS.has(name)) return !!first && seriesSource(an, first, scope, depth + 1);
    // `join(days, totals, ...)` / `outerjoin(...)`: the left side leads.
    if (JOINS.has(name)) {
      const right = positional(call, 1);
      return !!first && !!right && isDerived(an, right, scope, depth + 1) && seriesSource(an, first, scope, depth + 1);
    }
    if (name === 'text') {
      const sql = first ? stringValue(unparen(first), file) : null;
      return sql !== null && seriesSql(sql);
    }
  }
  // A project helper that builds the series (`get_days_cte(start, end)`): every value it returns is one.
  const helper = an.mayBeProjectFunction(name) ? an.calledFunctionAt(callee, scope) : null;
  if (helper && helper !== scope.fn) {
    const returns = helper.returns.filter((r) => unparen(r).type !== 'none');
    return returns.length > 0 && returns.every((r) => seriesSource(an, r, helper.scope, depth + 1));
  }
  // Any other method keeps its receiver's rows: `.where(...)`, `.order_by(...)`, `.cte()`, `.label(...)`, `.column_valued(...)`.
  return !!recv && seriesSource(an, recv, scope, depth + 1);
}

function argsAreSeries(an: Analysis, call: PyNode, scope: Scope, depth: number): boolean {
  const args = (fieldOf(call, 'arguments')?.children ?? []).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
  return args.every((a) => seriesSource(an, a, scope, depth + 1));
}

/** Selectables built from a statement (`.cte()`, `.subquery()`, `aliased(select(...))`): derived rows, not a stored table. */
const DERIVED = new Set(['cte', 'subquery', 'alias', 'aliased', 'lateral', 'table_valued', 'select', 'generate_series']);

/**
 * True when a joined selectable is derived rows (a CTE, a sub-select, another series), followed through local
 * variables and project helpers. A mapped class or a table is not: it adds one row per stored row.
 */
function isDerived(an: Analysis, expr: PyNode, scope: Scope, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unparen(expr);
  const file = scope.module.file;
  if (n.type === 'identifier') {
    const bs = lookupName(scope, file.text(n))?.filter((b) => (isPrior(b, n) || b.scope !== scope) && b.kind === 'assign' && !!b.value && (b.index ?? -1) < 0);
    const last = bs?.[bs.length - 1];
    return !!last && isDerived(an, last.value!, last.valueScope ?? last.scope, depth + 1);
  }
  if (n.type !== 'call') return false;
  const callee = fieldOf(n, 'function')!;
  const name = lastName(callee, file);
  if (DERIVED.has(name)) return true;
  const helper = an.mayBeProjectFunction(name) ? an.calledFunctionAt(callee, scope) : null;
  if (helper && helper !== scope.fn) {
    const returns = helper.returns.filter((r) => unparen(r).type !== 'none');
    return returns.length > 0 && returns.every((r) => isDerived(an, r, helper.scope, depth + 1));
  }
  // `.where(...)`, `.group_by(...)` on a derived selectable.
  const recv = receiver(n);
  return !!recv && isDerived(an, recv, scope, depth + 1);
}

/** The name a callee ends with: `generate_series` of `sa.func.generate_series`, `select_from` of a multi-line chain. */
function lastName(callee: PyNode, file: Scope['module']['file']): string {
  const c = unparen(callee);
  return file.text(c.type === 'attribute' ? fieldOf(c, 'attribute')! : c);
}

/**
 * True when the main query of literal SQL reads a generated series: its first FROM item is
 * `generate_series(...)`, a sub-select over one, or a CTE built over one (`WITH days AS (SELECT
 * generate_series(...) AS d) SELECT ... FROM days LEFT JOIN totals ...`), and every other FROM item
 * is a CTE, a sub-select or another series (a plain table adds one row per stored row). A query with
 * no FROM that selects `generate_series(...)` is one too.
 */
export function seriesSql(sql: string, depth = 0): boolean {
  if (depth > 4) return false;
  const { flat, groups } = flatten(sql.toLowerCase());
  const { ctes, main } = withClause(flat, groups, depth);
  const from = /\bfrom\b/.exec(main);
  if (!from) return /^\s*select\b/.test(main) && /\bgenerate_series\s*\(#/.test(main);
  const rest = main.slice(from.index + from[0].length);
  const end = /\b(where|group|having|order|limit|offset|fetch|window|union|intersect|except|for|returning)\b/.exec(rest);
  const clause = end ? rest.slice(0, end.index) : rest;
  const item = /(^|,|\bjoin\b)\s*(lateral\s+)?(?:([\w."]+)\s*\(#(\d+)\)|\(#(\d+)\)|([\w."]+))/g;
  let items = 0;
  for (let m = item.exec(clause); m; m = item.exec(clause), items++) {
    const [, , , fn, , sub, table] = m;
    if (fn) {
      if (fn !== 'generate_series') return false;
    } else if (sub !== undefined) {
      // A sub-select: the first item must be over a series, a joined one is derived rows.
      if (items === 0 && !seriesSql(groups[Number(sub)], depth + 1)) return false;
    } else if (!ctes.has(table) || (items === 0 && !ctes.get(table))) return false;
  }
  return items > 0;
}

/** The CTEs of a leading WITH clause (name -> built over a series) and the main query after it. */
function withClause(flat: string, groups: string[], depth: number): { ctes: Map<string, boolean>; main: string } {
  const ctes = new Map<string, boolean>();
  const head = /^\s*with\s+(recursive\s+)?/.exec(flat);
  if (!head) return { ctes, main: flat };
  let main = flat.slice(head[0].length);
  const item = /^("[^"]+"|\w+)\s*(\(#\d+\)\s*)?as\s+((not\s+)?materialized\s+)?\(#(\d+)\)\s*(,\s*)?/;
  for (let m = item.exec(main); m; m = item.exec(main)) {
    ctes.set(m[1], seriesSql(groups[Number(m[5])], depth + 1));
    main = main.slice(m[0].length);
    if (!m[6]) break;
  }
  return { ctes, main };
}

/**
 * The SQL with every top-level parenthesised group replaced by `(#k)`, and the groups' inner text;
 * quoted strings are skipped, so a parenthesis inside one does not count.
 */
function flatten(sql: string): { flat: string; groups: string[] } {
  const groups: string[] = [];
  let flat = '';
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') {
      if (depth++ === 0) start = i + 1;
      continue;
    } else if (c === ')' && depth > 0) {
      if (--depth === 0) {
        flat += `(#${groups.length})`;
        groups.push(sql.slice(start, i));
      }
      continue;
    }
    if (depth === 0) flat += c;
  }
  return { flat, groups };
}
