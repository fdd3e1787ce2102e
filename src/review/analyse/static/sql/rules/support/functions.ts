import type { Func, SqlStatement } from '../../model/types.js';
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
