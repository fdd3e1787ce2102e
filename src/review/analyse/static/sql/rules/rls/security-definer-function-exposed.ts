import { as } from '../../ast/node.js';
import type { SqlStatement } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../../rule-api.js';
import { code, listOf } from '../support/format.js';
import { apiExecutors, checksCaller, isCallableRpc, isCallerPredicate, signature } from '../support/functions.js';
import { ruleMeta } from '../../../catalog/index.js';

export const securityDefinerFunctionExposed: SqlRule = {
  meta: ruleMeta('security-definer-function-exposed'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const func of ctx.model.functions.values()) {
      // Without a search_path, function-search-path-mutable reports the function and says this too.
      if (func.dropped || !func.securityDefiner || !func.searchPathSet || !isCallableRpc(ctx, func) || isCallerPredicate(func)) continue;
      const stmt = anchor(func.definedBy);
      const roles = apiExecutors(func);
      const scoped = checksCaller(func);
      // Revoked from anon and granted to signed-in users only, checking auth.uid(): a deliberate RPC.
      if (!stmt || (scoped && !roles.includes('anon'))) continue;
      reports.push({
        stmt,
        severity: scoped ? 'medium' : 'high',
        message:
          `SECURITY DEFINER function ${code(signature(func))} is in the exposed ${code(func.name.schema)} schema and ` +
          `${listOf(roles)} can call it as an RPC; it runs with its owner's rights and bypasses RLS` +
          `${scoped ? ', so every check it makes on the caller must be right' : ' without checking who calls it'}. ` +
          `Move it to a private schema, or add \`revoke execute on function ${signature(func)} from public, anon, authenticated;\`.`,
      });
    }
    return reports;
  },
};

/** The changed CREATE FUNCTION, else a changed GRANT EXECUTE that opened it to the API roles. */
function anchor(definedBy: readonly SqlStatement[]): SqlStatement | undefined {
  const create = definedBy.find((s) => s.changed && s.tag === 'CreateFunctionStmt');
  if (create) return create;
  return definedBy.find((s) => s.changed && as(s.node, 'GrantStmt')?.is_grant === true);
}
