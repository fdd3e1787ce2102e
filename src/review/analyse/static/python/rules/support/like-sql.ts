import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, methodName, positional, stringValue } from '../../model/call-args.js';
import { dictionaryOf, lastAssigned } from './locals.js';
import type { CallInfo, Scope } from '../../model/types.js';

/** Calls that run SQL text with separately bound values. */
const RUNS_SQL = new Set(['execute', 'exec_driver_sql', 'fetch', 'fetchrow', 'fetchval', 'fetch_all', 'fetch_one', 'fetch_val', 'iterate']);
/** `LIKE :term`, `ILIKE %(term)s`, `like $2`. */
const NAMED = /\b(?:i?like)\s+(?::(\w+)|%\((\w+)\)s)/gi;
const NUMBERED = /\b(?:i?like)\s+\$(\d+)/gi;

/**
 * The values bound to LIKE placeholders of SQL text run by a call:
 * `db.execute(text("... WHERE name ILIKE :q"), {"q": pattern})` (also `%(q)s` with a dict, and asyncpg's
 * `conn.fetch("... LIKE $1", pattern)`).
 */
export function likeParameters(call: CallInfo): PyNode[] {
  if (!RUNS_SQL.has(call.name) || !methodName(call.node, call.scope.module.file)) return [];
  const file = call.scope.module.file;
  const sqlArg = positional(call.node, 0) ?? kwarg(call.node, 'query', file) ?? kwarg(call.node, 'statement', file);
  const sql = sqlArg ? sqlTextOf(sqlArg, call.scope) : null;
  if (!sql || !/\bi?like\b/i.test(sql)) return [];
  const out: PyNode[] = [];
  const names = [...sql.matchAll(NAMED)].map((m) => m[1] ?? m[2]);
  if (names.length) {
    const params = positional(call.node, 1) ?? kwarg(call.node, 'parameters', file) ?? kwarg(call.node, 'params', file) ?? kwarg(call.node, 'values', file);
    const dict = params ? dictionaryOf(params, call.scope) : null;
    for (const pair of dict?.children ?? []) {
      const key = pair.type === 'pair' ? fieldOf(pair, 'key') : null;
      const value = pair.type === 'pair' ? fieldOf(pair, 'value') : null;
      if (key && value && names.includes(stringValue(key, file) ?? '')) out.push(value);
    }
  }
  for (const m of sql.matchAll(NUMBERED)) {
    const value = positional(call.node, Number(m[1]));
    if (value) out.push(value);
  }
  return out;
}

/** The SQL text of a literal, `text("...")`, or a local assigned one of those just before. */
function sqlTextOf(node: PyNode, scope: Scope, depth = 0): string | null {
  const n = unparen(node);
  const file = scope.module.file;
  if (depth > 2) return null;
  if (n.type === 'string' || n.type === 'concatenated_string') return file.text(n);
  if (n.type === 'call' && /(^|\.)text$/.test(file.text(fieldOf(n, 'function') ?? n))) {
    const first = positional(n, 0);
    return first ? sqlTextOf(first, scope, depth + 1) : null;
  }
  if (n.type === 'identifier') {
    const value = lastAssigned(n, scope);
    return value ? sqlTextOf(value, scope, depth + 1) : null;
  }
  return null;
}
