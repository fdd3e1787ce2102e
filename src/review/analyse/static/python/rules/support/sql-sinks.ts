import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { kwarg, methodName, positional, stringValue } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';
import { dictionaryOf } from './locals.js';

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

/** Database functions that execute the SQL text they are given (`exec_sql`, `execute_sql`, `run_query`, `pgsql`). */
const SQL_RPC = /^(exec|execute|run|pg_?sql|sql)$|(^|_)(exec|execute|run|raw)_?(any_|raw_|dynamic_)?(sql|query|statement)s?($|_)|(^|_)(sql|query)_?(exec|execute|run|runner)($|_)/i;
/** Parameters that carry SQL text to such a function. */
const SQL_PARAM = /^(query|sql|statement|stmt|command|sql_?query|query_?text|sql_?text|sql_?statement|raw_?sql)$/i;

export interface RpcSql {
  /** The value of the parameter that carries the SQL text. */
  arg: PyNode;
  /** True when the function's name says it executes SQL; else only the parameter's name does. */
  byName: boolean;
}

/**
 * The SQL text an RPC call hands to a database function that executes it
 * (`supabase.rpc("execute_sql", {"query": sql})`), judged by the function's name or the parameter's.
 */
export function rpcSqlArgument(call: CallInfo): RpcSql | null {
  if (call.name !== 'rpc') return null;
  const file = call.scope.module.file;
  const fnName = positional(call.node, 0) ?? kwarg(call.node, 'fn', file);
  const name = fnName ? stringValue(unparen(fnName), file) : null;
  const written = positional(call.node, 1) ?? kwarg(call.node, 'params', file);
  const params = written ? dictionaryOf(written, call.scope) : null;
  if (name === null || !params) return null;
  const byName = SQL_RPC.test(name);
  const pairs = params.children.filter((c) => c.type === 'pair');
  for (const pair of pairs) {
    const key = fieldOf(pair, 'key');
    const value = fieldOf(pair, 'value');
    const keyText = key ? stringValue(key, file) : null;
    if (!value || keyText === null) continue;
    // An SQL-executing function's only argument is its SQL, whatever it is called.
    if (SQL_PARAM.test(keyText) || (byName && (pairs.length === 1 || /sql|query|stmt|statement|command/i.test(keyText)))) return { arg: value, byName };
  }
  return null;
}
