import type { Func, SqlStatement, Table } from '../../model/types.js';
import { as } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import { callName } from '../../ast/expr.js';
import type { SqlRuleContext } from './rule-api.js';

/** Roles of the Data API that can execute a function (PUBLIC's grant reaches both). */
export function apiExecutors(func: Func): string[] {
  const everyone = func.executors.has('public');
  return ['anon', 'authenticated'].filter((r) => everyone || func.executors.has(r));
}

/** True when a client can call the function as an RPC: exposed schema, not a trigger, executable by an API role. */
export function isCallableRpc(ctx: SqlRuleContext, func: Func): boolean {
  return ctx.exposed(func.name.schema) && !func.returnsTrigger && apiExecutors(func).length > 0;
}

/** The last changed CREATE or ALTER FUNCTION of a function (GRANT/REVOKE statements skipped). */
export function lastChangedDefinition(func: Func): SqlStatement | undefined {
  for (let i = func.definedBy.length - 1; i >= 0; i--) {
    const s = func.definedBy[i];
    if (s.changed && (s.tag === 'CreateFunctionStmt' || s.tag === 'AlterFunctionStmt')) return s;
  }
  return undefined;
}

/** True when the body checks who is calling (auth.uid(), auth.jwt(), auth.role()). */
export function checksCaller(func: Func, functions?: Iterable<Func>): boolean {
  if (/\bauth\s*\.\s*(uid|jwt|role)\s*\(/i.test(func.body)) return true;
  // Through a helper of the schema that does (`if not user_is_org_admin(org_id) then raise ...`), one level deep.
  for (const other of functions ?? []) {
    if (other === func || other.dropped || !/\bauth\s*\.\s*(uid|jwt|role)\s*\(/i.test(other.body)) continue;
    if (new RegExp(`\\b(${other.name.schema}\\.)?${other.name.name}\\s*\\(`, 'i').test(func.body)) return true;
  }
  return false;
}

/**
 * A boolean helper that only answers a question about the caller (`is_admin()`, `is_member(team)`)
 * and writes nothing: callable as an RPC, it reveals nothing the caller could not learn anyway.
 */
export function isCallerPredicate(func: Func): boolean {
  return func.returns === 'bool' && checksCaller(func) && !/\b(insert|update|delete|truncate|execute)\b/i.test(func.body);
}

export function signature(func: Func): string {
  return `${func.name.key}(${func.args})`;
}

/** Columns that hold a secret a caller proves it knows: a share token, an invite code, a key hash. */
const SECRET_COLUMN = /(token|secret|code|hash|nonce|otp|key)$/i;

/** The names of a function's input parameters, from its last CREATE FUNCTION. */
function inputNames(func: Func): string[] {
  const create = [...func.definedBy].reverse().find((s) => s.tag === 'CreateFunctionStmt');
  const body = as(create?.node, 'CreateFunctionStmt');
  return (body?.parameters ?? [])
    .map((p) => as(p, 'FunctionParameter'))
    .filter((p) => p && p.mode !== 'FUNC_PARAM_OUT' && p.mode !== 'FUNC_PARAM_TABLE' && p.name)
    .map((p) => p!.name!);
}

/**
 * True when the body looks rows up by a secret the caller passes (`where u.dashboard_token = token_input`,
 * `where invite_code = p_code`): a capability check, the RPC answers only whoever holds the token.
 */
export function checksSecretArgument(func: Func): boolean {
  return inputNames(func).some((arg) => {
    const a = arg.replace(/[^\w]/g, '');
    if (!a) return false;
    const eq = new RegExp(`\\b(?:\\w+\\.)?(\\w+)\\s*=\\s*(?:\\w+\\.)?${a}\\b|\\b${a}\\s*=\\s*(?:\\w+\\.)?(\\w+)\\b`, 'gi');
    return [...func.body.matchAll(eq)].some((m) => SECRET_COLUMN.test(m[1] ?? m[2] ?? ''));
  });
}

/**
 * True for a read-only yes/no helper that row level security policies call (`has_role(auth.uid(),
 * 'admin')`): the API roles must keep EXECUTE for those policies to work, and it reveals one bit.
 */
export function isPolicyPredicate(func: Func, tables: Iterable<Table>): boolean {
  if (func.returns !== 'bool' || /\b(insert|update|delete|truncate|execute)\b/i.test(func.body)) return false;
  for (const table of tables) {
    for (const policy of table.policies.values()) {
      let used = false;
      for (const expr of [policy.using, policy.withCheck]) {
        walk(expr, (v) => {
          if (used) return false;
          const name = callName(v.node);
          if (name && (name === func.name.name || name === `${func.name.schema}.${func.name.name}`)) used = true;
        });
      }
      if (used) return true;
    }
  }
  return false;
}
