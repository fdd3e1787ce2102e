import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { resultOf, type QueryResult } from '../../knowledge/queries.js';
import type { FunctionInfo, Scope } from '../../model/types.js';

const WRAPPERS = new Set(['list', 'dict', 'tuple', 'set', 'sorted', 'reversed', 'jsonable_encoder']);

/**
 * The query results a returned expression hands to the client: the rows themselves, a comprehension
 * over them, a dict / list / model wrapping them, or what a project helper returns (one level).
 */
export function returnedRows(an: Analysis, expr: PyNode, scope: Scope, depth = 0): QueryResult | null {
  const n = unparen(expr);
  if (depth > 3) return null;
  const direct = resultOf(an, n, scope);
  if (direct) return direct;
  switch (n.type) {
    case 'list_comprehension':
    case 'generator_expression': {
      const clause = n.children.find((c) => c.type === 'for_in_clause');
      const iter = clause ? fieldOf(clause, 'right') : null;
      const hasFilter = n.children.some((c) => c.type === 'if_clause');
      return iter && !hasFilter ? returnedRows(an, iter, scope, depth + 1) : null;
    }
    case 'dictionary':
      for (const pair of n.children) {
        const v = pair.type === 'pair' ? fieldOf(pair, 'value') : null;
        const r = v ? returnedRows(an, v, scope, depth + 1) : null;
        if (r) return r;
      }
      return null;
    case 'await':
      return n.children[0] ? returnedRows(an, n.children[0], scope, depth + 1) : null;
    case 'identifier':
      return scope.fn ? appendedRows(an, scope.fn, scope.module.file.text(n)) : null;
    case 'call': {
      const callee = fieldOf(n, 'function')!;
      const args = fieldOf(n, 'arguments')?.children ?? [];
      const name = scope.module.file.text(callee);
      if (WRAPPERS.has(name) || /^[A-Z]\w*(\.model_validate|\.from_orm)?$/.test(name)) {
        for (const a of args) {
          const r = returnedRows(an, fieldOf(a, 'value') ?? a, scope, depth + 1);
          if (r) return r;
        }
        return null;
      }
      const helper = an.calledFunctionAt(callee, scope);
      return helper ? helperRows(an, helper, depth) : null;
    }
    default:
      return null;
  }
}

/** `out = []; for row in rows: out.append(...)`: the returned list has one entry per row. */
function appendedRows(an: Analysis, fn: FunctionInfo, name: string): QueryResult | null {
  const file = fn.module.file;
  for (const loop of fn.loops) {
    if (loop.kind !== 'for' || !loop.iter) continue;
    const body = fieldOf(loop.node, 'body');
    if (!body || !new RegExp(`\\b${name}\\.append\\(`).test(file.text(body))) continue;
    const rows = resultOf(an, loop.iter, fn.scope);
    if (rows?.many) return rows;
  }
  return null;
}

function helperRows(an: Analysis, fn: FunctionInfo, depth: number): QueryResult | null {
  for (const r of fn.returns) {
    const rows = returnedRows(an, r, fn.scope, depth + 1);
    if (rows) return rows;
  }
  return null;
}

/**
 * True when rows loaded without any WHERE are then filtered in Python: a comprehension with an
 * `if`, `filter(...)`, or a loop that skips rows, over the variable holding them.
 */
export function filteredInPython(an: Analysis, fn: FunctionInfo, rows: QueryResult): PyNode | null {
  if (rows.stmt.filtered || rows.stmt.limited || rows.stmt.aggregate || !rows.many) return null;
  for (const loop of fn.loops) {
    if (!loop.iter || !loop.target) continue;
    const r = resultOf(an, loop.iter, fn.scope);
    if (!r || r.exec !== rows.exec) continue;
    const target = fn.module.file.text(loop.target);
    if (loop.kind === 'comprehension' && loop.node.children.some((c) => c.type === 'if_clause' && mentions(fn, c, target))) return loop.node;
    if (loop.kind === 'for' && skipsRows(fn, loop.node, target)) return loop.node;
  }
  return null;
}

function mentions(fn: FunctionInfo, node: PyNode, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(fn.module.file.text(node));
}

/** `for e in events: if e.x != y: continue` / `if e.x == y: out.append(e)`. */
function skipsRows(fn: FunctionInfo, loop: PyNode, target: string): boolean {
  const body = fieldOf(loop, 'body');
  const first = body?.children[0];
  if (!first || first.type !== 'if_statement') return false;
  const cond = fieldOf(first, 'condition');
  return !!cond && mentions(fn, cond, target) && /\b(continue|append|yield)\b/.test(fn.module.file.text(first));
}
