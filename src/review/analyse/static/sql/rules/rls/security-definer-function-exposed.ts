import { as } from '../../ast/node.js';
import type { Func, SqlStatement } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code, listOf } from '../support/format.js';
import { apiExecutors, checksCaller, checksSecretArgument, isCallableRpc, isCallerPredicate, isPolicyPredicate, signature } from '../support/functions.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const securityDefinerFunctionExposed: SqlRule = {
  meta: ruleMeta('security-definer-function-exposed'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const func of ctx.model.functions.values()) {
      // A missing search_path is function-search-path-mutable's to report; who can call it is this rule's either way.
      if (func.dropped || !func.securityDefiner || !isCallableRpc(ctx, func) || isCallerPredicate(func)) continue;
      const stmt = anchor(func.definedBy);
      const roles = apiExecutors(func);
      // A function that checks its caller (directly or through a helper), or a secret token the caller passes, is a
      // checked RPC: its own authorization decides. A yes/no helper the policies call must stay executable.
      if (!stmt || checksCaller(func, ctx.model.functions.values()) || checksSecretArgument(func) || isPolicyPredicate(func, ctx.model.tables.values())) continue;
      reports.push({
        stmt,
        message:
          `SECURITY DEFINER function ${code(signature(func))} is in the exposed ${code(func.name.schema)} schema and ` +
          `${listOf(roles)} can call it as an RPC; it runs with its owner's rights and bypasses RLS without checking who calls it. ` +
          `${revokeMissed(func, roles)}Move it to a private schema, or add \`revoke execute on function ${signature(func)} from public, anon, authenticated;\`.`,
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

/**
 * When the pull request revokes EXECUTE but an API role keeps it: Supabase grants EXECUTE on new
 * functions in public to anon and authenticated by name, so a revoke from public leaves them.
 */
function revokeMissed(func: Func, roles: readonly string[]): string {
  // The parser leaves out `is_grant` when false.
  const revoked = func.definedBy.some((s) => {
    const grant = as(s.node, 'GrantStmt');
    return s.changed && !!grant && grant.is_grant !== true;
  });
  if (!revoked) return '';
  const why = func.name.schema === 'public' ? 'Supabase grants EXECUTE on new functions in public to anon and authenticated by name' : `${listOf(roles)} hold${roles.length === 1 ? 's' : ''} EXECUTE by name`;
  return `The revoke does not reach ${listOf(roles)}: ${why}, so a revoke must name each role. `;
}
