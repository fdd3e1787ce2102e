import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import { quoteLiteral } from './sql-names.js';
import { calleeName, calleeTail, literal, resolve, type Env } from './python-values.js';

/** SQL functions written without parentheses (`sa.func.current_timestamp()` renders CURRENT_TIMESTAMP). */
const KEYWORD_FUNCTIONS = new Set(['current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp', 'current_user', 'session_user', 'current_role']);

/** Calls whose first argument is SQL text: `sa.text("now()")`, `sa.literal_column("0")`, `sa.DefaultClause(...)`. */
const SQL_TEXT = new Set(['text', 'literal_column', 'DefaultClause']);

/**
 * A `server_default=` as the SQL default expression Alembic writes: a string is a quoted literal,
 * `sa.text(...)` is raw SQL, `sa.func.now()` a call, `sa.true()` / `sa.false()` booleans.
 * Anything else still is a default: `NULL` keeps "the column has a default" without guessing it.
 */
export function defaultSql(node: TsNode, env: Env): string {
  const { node: n, env: scope } = resolve(node, env);
  const value = literal(n, scope);
  if (value !== undefined) return quoteLiteral(value);
  if (n.type === 'integer' || n.type === 'float') return n.text;
  if (n.type === 'true' || n.type === 'false') return n.type;
  if (n.type !== 'call') return 'NULL';
  const tail = calleeTail(n);
  if (SQL_TEXT.has(tail)) {
    const arg = callArgs(n).positional[0];
    return (arg && (SQL_TEXT.has(calleeTail(arg)) ? defaultSql(arg, scope) : literal(arg, scope))) ?? 'NULL';
  }
  if (tail === 'true' || tail === 'false') return tail;
  if (/(^|\.)func\./.test(calleeName(n))) {
    const fn = tail.toLowerCase();
    if (KEYWORD_FUNCTIONS.has(fn)) return fn.toUpperCase();
    const args = callArgs(n).positional.map((a) => literal(a, scope));
    return args.every((a) => a !== undefined) ? `${tail}(${args.map((a) => quoteLiteral(a as string)).join(', ')})` : `${tail}()`;
  }
  return 'NULL';
}
