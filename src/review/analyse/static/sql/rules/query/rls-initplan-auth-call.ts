import { callName, isAuthCall } from '../../ast/expr.js';
import { relationName } from '../../ast/names.js';
import { as, stringsOf, type PgNode } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import type { SchemaModel, SqlStatement, Table } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { anchorOffset } from '../../statements/anchor.js';
import { callEnd, editLines, type Replacement } from '../support/edit-lines.js';
import { listOf } from '../support/format.js';
import { rlsKnownOff } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const rlsInitplanAuthCall: SqlRule = {
  meta: ruleMeta('rls-initplan-auth-call'),
  // A policy another rule asks the author to rewrite for security needs no tuning advice of its own.
  defersToRewrite: true,
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      const body = as(stmt.node, 'CreatePolicyStmt') ?? as(stmt.node, 'AlterPolicyStmt');
      if (!body) continue;
      const outer = ctx.model.targets.get(stmt.id);
      // An INSERT check runs once per inserted row, not per scanned row: there is no scan to save.
      const command = as(stmt.node, 'CreatePolicyStmt')?.cmd_name ?? outer?.policies.get(body.policy_name ?? '')?.command;
      if (command === 'insert') continue;
      // An UPDATE or DELETE policy filters the rows the statement's own WHERE found (one row by its key,
      // as a rule): the call runs per matched row, never over a scan of the table as a SELECT policy's does.
      if (command === 'update' || command === 'delete') continue;
      // Roles that bypass RLS (service_role, the owner roles) never evaluate the policy: nothing runs per row.
      const roles = outer?.policies.get(body.policy_name ?? '')?.roles;
      if (roles?.length && roles.every((r) => BYPASS_RLS.has(r.toLowerCase()))) continue;
      // A policy only a bypassing role passes (`using (auth.role() = 'service_role')`) grants no one anything: nothing to tune.
      if ([body.qual, body.with_check].every((e) => !e || onlyServiceRole(e))) continue;
      // Policies of a table whose RLS is off are not evaluated at all: no per-row cost yet.
      if (outer && rlsKnownOff(outer)) continue;
      // Only queries through the Data API evaluate a policy: when every query of the table the repository shows runs
      // as a role RLS does not hold back (the backend's own SQL or ORM on a direct connection, a service-role client)
      // and no client queries it, the per-row cost is never paid.
      if (outer && outer.name.schema !== 'storage' && ctx.tableUse?.(outer.name.name) === 'server') continue;
      const once = (node: PgNode) => isScalarSubselect(node) || isUncorrelatedSubquery(node, outer, ctx.model);
      const indexed = (column: string) => !!outer && leadsIndex(ctx.model, outer, column);
      const calls = [...unwrappedCalls(body.qual, once, indexed), ...unwrappedCalls(body.with_check, once, indexed)];
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

/** The tables whose policies a changed statement creates or alters (the ones this rule may report on). */
export function policyTables(ctx: SqlRuleContext): string[] {
  const out = new Set<string>();
  for (const stmt of ctx.changed) {
    if (!as(stmt.node, 'CreatePolicyStmt') && !as(stmt.node, 'AlterPolicyStmt')) continue;
    const table = ctx.model.targets.get(stmt.id);
    if (table && table.name.schema !== 'storage') out.add(table.name.name);
  }
  return [...out];
}

/** `auth.role() = 'service_role'` (the call wrapped in a sub-select or not): true only for a role that bypasses RLS. */
function onlyServiceRole(expr: PgNode): boolean {
  const e = as(expr, 'A_Expr');
  if (!e || e.kind !== 'AEXPR_OP' || stringsOf(e.name).join('.') !== '=') return false;
  const sides = [e.lexpr, e.rexpr];
  const literal = sides.map((s) => as(s, 'A_Const')?.sval?.sval).find((v) => v !== undefined);
  const call = sides.some((s) => {
    let node = s;
    const sub = as(node, 'SubLink');
    if (sub) node = as(as(sub.subselect, 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val;
    return callName(node) === 'auth.role';
  });
  return call && !!literal && BYPASS_RLS.has(literal.toLowerCase());
}

/** Supabase roles created with BYPASSRLS. */
const BYPASS_RLS = new Set(['service_role', 'postgres', 'supabase_admin']);

interface Call {
  name: string;
  start: number;
}

/**
 * Auth helper calls with constant arguments that are not inside a sub-select PostgreSQL runs once per
 * statement: a scalar `(select ...)` without FROM, or a sub-query that does not read the policy's row.
 */
function unwrappedCalls(expr: PgNode | undefined, once: (node: PgNode) => boolean, indexed: (column: string) => boolean): Call[] {
  const out: Call[] = [];
  walk(expr, (v) => {
    if (v.tag !== 'FuncCall' || !isAuthCall(v.node)) return;
    const call = as(v.node, 'FuncCall');
    if (!call || call.location === undefined || v.ancestors.some(once)) return;
    if ((call.args ?? []).some((a) => !('A_Const' in a))) return;
    if (indexCondition(v.node, v.ancestors, indexed)) return;
    out.push({ name: callName(v.node) ?? 'auth', start: call.location });
    return false;
  });
  return out;
}

/**
 * `auth.uid() = user_id` as a condition the whole policy requires (an AND of the top level), on a column that leads
 * every index of the table: PostgreSQL scans that index with the call as its Index Cond, evaluated once per scan,
 * and the rows it returns already match (EXPLAIN: `Index Cond: (user_id = ...)`). Under an OR, inside a function's
 * arguments, on an unindexed column or on a table other indexes lead into, the call is a Filter run on every row.
 */
function indexCondition(call: PgNode, ancestors: readonly PgNode[], indexed: (column: string) => boolean): boolean {
  const isEq = (n: PgNode) => {
    const e = as(n, 'A_Expr');
    return !!e && e.kind === 'AEXPR_OP' && stringsOf(e.name).join('.') === '=';
  };
  let i = ancestors.length - 1;
  while (i >= 0 && !isEq(ancestors[i]) && !as(ancestors[i], 'BoolExpr') && !as(ancestors[i], 'SubLink')) i--;
  if (i < 0 || !isEq(ancestors[i])) return false;
  const eq = as(ancestors[i], 'A_Expr')!;
  // The call's side (`auth.uid()`, `(auth.jwt() ->> 'sub')::uuid`) reads no column: one value for the whole scan.
  const side = ancestors[i + 1] ?? call;
  let readsRow = false;
  walk(side, (v) => {
    if (v.tag === 'ColumnRef' || v.tag === 'SubLink') readsRow = true;
  });
  if (readsRow) return false;
  // The column as it is: `user_id::text = auth.uid()::text` compares an expression no index of user_id serves.
  const other = eq.lexpr === side ? eq.rexpr : eq.rexpr === side ? eq.lexpr : undefined;
  const fields = stringsOf(as(other, 'ColumnRef')?.fields);
  if (!fields.length) return false;
  for (let j = i - 1; j >= 0; j--) {
    const bool = as(ancestors[j], 'BoolExpr');
    if (!bool || bool.boolop !== 'AND_EXPR') return false;
  }
  return indexed(fields[fields.length - 1]);
}

/**
 * A plain (not partial) index of the table, its primary key or a unique constraint, leads with the column, and it is
 * the table's only way in: every other index leads with that column too. A table also searched by another index
 * (`message_reads (message_id)`) is read through it, and the policy's call is then a filter on each row it returns.
 */
function leadsIndex(model: SchemaModel, table: Table, column: string): boolean {
  const own = [...model.indexes.values()].filter((index) => index.table.name.key === table.name.key);
  return own.some((index) => !index.predicate && index.columns[0] === column) && own.every((index) => index.columns[0] === column);
}

function isScalarSubselect(node: PgNode): boolean {
  const link = as(node, 'SubLink');
  const select = as(link?.subselect, 'SelectStmt');
  return link?.subLinkType === 'EXPR_SUBLINK' && !!select && !select.fromClause?.length;
}

/**
 * A sub-query over other tables that never reads the policy's row (`owner_email in (select email from
 * members where user_id = auth.uid())`): PostgreSQL plans it once per statement (an initPlan or a
 * hashed subPlan), so the calls inside it are not re-evaluated per row. A column qualified with a name
 * the sub-query does not define, or an unqualified column of the policy's table that no table of the
 * sub-query has, correlates it; an inner table whose columns are unknown (auth.users) may hold any name.
 */
function isUncorrelatedSubquery(node: PgNode, outer: Table | undefined, model: SchemaModel): boolean {
  const link = as(node, 'SubLink');
  if (!link?.subselect || !outer) return false;
  const names = new Set<string>();
  const inner: (Table | undefined)[] = [];
  walk(link.subselect, (v) => {
    if (v.tag !== 'RangeVar') return;
    const rv = as(v.node, 'RangeVar');
    if (!rv?.relname) return;
    names.add(rv.alias?.aliasname ?? rv.relname);
    const name = relationName(rv, 'public');
    inner.push(name ? model.tables.get(name.key) : undefined);
  });
  if (!inner.length) return false;
  const innerMayHave = (column: string) => inner.some((t) => !t || t.kind === 'external' || t.columns.has(column));
  let correlated = false;
  walk(link.subselect, (v) => {
    if (v.tag !== 'ColumnRef') return;
    const fields = stringsOf(as(v.node, 'ColumnRef')?.fields);
    if (fields.length >= 2) correlated ||= !names.has(fields[fields.length - 2]);
    else if (fields.length === 1) correlated ||= outer.columns.has(fields[0]) && !innerMayHave(fields[0]);
  });
  return !correlated;
}

function wrap(stmt: SqlStatement, calls: Call[]): Replacement[] {
  return calls.map((c) => {
    const end = callEnd(stmt.source.bytes, c.start);
    return { start: c.start, end, text: `(select ${stmt.source.bytes.subarray(c.start, end).toString('utf8')})` };
  });
}
