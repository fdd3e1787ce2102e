import { callName, isAuthCall } from '../ast/expr.js';
import { as, type PgNode } from '../ast/node.js';
import { walk } from '../ast/walk.js';
import type { SqlStatement } from '../model/types.js';
import type { SqlReport, SqlRule } from '../rule-api.js';
import { anchorOffset } from '../source/anchor.js';
import { callEnd, editLines, type Replacement } from '../source/edit-lines.js';
import { listOf } from './support/format.js';

export const rlsInitplanAuthCall: SqlRule = {
  meta: {
    id: 'rls-initplan-auth-call',
    category: 'query',
    severity: 'medium',
    title: 'auth.uid() in a policy is re-evaluated for every row',
    rationale:
      'A bare `auth.uid()`, `auth.jwt()`, `auth.role()` or `current_setting()` in a policy is called once per row ' +
      'the query scans. Wrapped in a scalar sub-select, `(select auth.uid())`, PostgreSQL evaluates it once per ' +
      'statement as an initPlan; Supabase measured 179 ms -> 9 ms on a large table.',
    anchors: ['splinter 0003 auth_rls_initplan', 'Supabase docs: RLS performance recommendations'],
  },
  // A policy another rule asks the author to rewrite for security needs no tuning advice of its own.
  defersToRewrite: true,
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      const body = as(stmt.node, 'CreatePolicyStmt') ?? as(stmt.node, 'AlterPolicyStmt');
      if (!body) continue;
      const calls = [...unwrappedCalls(body.qual), ...unwrappedCalls(body.with_check)];
      if (!calls.length) continue;
      const names = listOf([...new Set(calls.map((c) => `\`${c.name}()\``))]);
      const first = Math.min(...calls.map((c) => c.start));
      reports.push({
        stmt,
        focus: first,
        focusIsFix: true,
        // The suggestion starts on the line the comment is anchored at.
        edit: editLines({ source: stmt.source, from: anchorOffset(stmt, first), replacements: wrap(stmt, calls) }),
        message:
          `Policy "${body.policy_name}" calls ${names} directly, so PostgreSQL re-evaluates ` +
          `it for every row the query scans. Wrap each call in a sub-select, e.g. \`(select auth.uid()) = user_id\`, so ` +
          `it runs once per statement.`,
        inRewrite: `When rewriting it, wrap ${names} in a sub-select, \`(select ...)\`, so it runs once per statement, not per row.`,
      });
    }
    return reports;
  },
};

interface Call {
  name: string;
  start: number;
}

/** Auth helper calls with constant arguments that are not inside a scalar `(select ...)` without FROM. */
function unwrappedCalls(expr: PgNode | undefined): Call[] {
  const out: Call[] = [];
  walk(expr, (v) => {
    if (v.tag !== 'FuncCall' || !isAuthCall(v.node)) return;
    const call = as(v.node, 'FuncCall');
    if (!call || call.location === undefined || v.ancestors.some(isScalarSubselect)) return;
    if ((call.args ?? []).some((a) => !('A_Const' in a))) return;
    out.push({ name: callName(v.node) ?? 'auth', start: call.location });
    return false;
  });
  return out;
}

function isScalarSubselect(node: PgNode): boolean {
  const link = as(node, 'SubLink');
  const select = as(link?.subselect, 'SelectStmt');
  return link?.subLinkType === 'EXPR_SUBLINK' && !!select && !select.fromClause?.length;
}

function wrap(stmt: SqlStatement, calls: Call[]): Replacement[] {
  return calls.map((c) => {
    const end = callEnd(stmt.source.bytes, c.start);
    return { start: c.start, end, text: `(select ${stmt.source.bytes.subarray(c.start, end).toString('utf8')})` };
  });
}
