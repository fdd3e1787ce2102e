import { fieldOf, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../model/analysis.js';
import { kwarg, methodName, positional } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';

const TEXT_FUNCTIONS = /^(sqlalchemy\.(sql\.(expression\.)?)?text|sqlmodel\.text|pandas\.read_sql(_query)?)$/;
const SQL_METHODS = new Set([
  'execute', 'executemany', 'exec_driver_sql', 'fetch', 'fetchrow', 'fetchval', 'executescript', 'mogrify', 'copy_from_query',
  // encode/databases
  'fetch_all', 'fetch_one', 'fetch_val', 'execute_many', 'iterate',
]);

const SINK_NAMES = new Set([...SQL_METHODS, 'text', 'read_sql', 'read_sql_query']);

/**
 * The SQL text argument of a call that executes or wraps SQL (`text(...)`, `.execute(...)`,
 * asyncpg `fetch*`, `exec_driver_sql`), or null. `execute(text(...))` is left to the `text()` call.
 */
export function sqlArgument(an: Analysis, call: CallInfo): PyNode | null {
  if (!SINK_NAMES.has(call.name)) return null;
  const file = call.scope.module.file;
  const q = an.qualifiedCallee(call);
  if (q && TEXT_FUNCTIONS.test(q)) return positional(call.node, 0);
  const method = methodName(call.node, file);
  if (!method || !SQL_METHODS.has(method)) return null;
  const first = positional(call.node, 0) ?? kwarg(call.node, 'query', file) ?? kwarg(call.node, 'statement', file);
  if (first?.type === 'call' && /(^|\.)text$/.test(file.text(fieldOf(first, 'function')!))) return null;
  return first;
}
