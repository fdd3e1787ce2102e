import type { RuleMeta } from '../../../shared/rule.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { unparen, type PyNode } from '../../syntax/py-node.js';
import { dependencyTarget } from '../../knowledge/depends.js';
import { positional, receiver } from '../../model/call-args.js';
import { isDbHandle } from '../../knowledge/queries.js';
import type { CallInfo, Scope } from '../../model/types.js';
import type { UnsafeBuild } from '../support/built-strings.js';
import { rpcSqlArgument, sqlArgument, type RpcSql } from '../support/sql-sinks.js';
import { findUnsafeBuild } from '../support/built-strings.js';
import { TrustJudge } from '../support/untrusted.js';
import { outsideText } from '../support/outside-text.js';
import { isOneOffCode } from '../support/one-off.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('sql-string-built');

const SQL_STATEMENT = /^[rfbu]*["']{1,3}\s*(select|insert\s+into|update|delete\s+from|with|create|alter|drop|truncate|grant)\b/i;
const SQL_WORDS = /\b(select|insert|update|delete|where|from|order\s+by|group\s+by|values|join|limit|offset|and|or|set)\b/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const judge = new TrustJudge(ctx.an);
    // Text the program composes from its own values changes no query an attacker writes (see outsideText).
    const { pieces: outside, input } = outsideText(ctx.an);
    // A value written between quotes in the SQL (`status = '{value}'`) is data that belongs in a bind parameter, whoever
    // wrote it: quoting by hand is the bug (the trust rules still take numbers, enums and constants).
    const values = new TrustJudge(ctx.an, { helpers: false });
    const fromOutside = { isTrusted: (n: PyNode, sc: Scope) => (quotedInSql(n, sc) ? values.isTrusted(n, sc) : outside.isTrusted(n, sc)) };
    for (const call of ctx.model.calls) {
      // Migrations, scripts and CLIs format their operator's arguments or the database's own rows: nobody else controls them.
      if (isOneOffCode(call.fn, ctx.model)) continue;
      const rpc = rpcSqlArgument(call);
      const arg = sqlArgument(ctx.an, call) ?? rpc?.arg;
      if (!arg || arg.type === 'string' && !arg.children.length) continue;
      // SQL text sent to a generic SQL-running function is its own problem, whoever wrote the values.
      const built = findUnsafeBuild(rpc ? judge : fromOutside, arg, call.scope);
      const found = built ?? (rpc ? null : requestValueAsSql(ctx, call, arg, judge));
      if (!found || !ctx.touches(found.node)) continue;
      if (built && !looksLikeSql(ctx, found.node, arg, rpc)) continue;
      const culprit = ctx.model.file.text(found.culprit);
      const source = rpc ? null : input.valueIn(found.culprit, found.scope)?.source;
      ctx.report(meta, {
        node: found.node,
        message:
          `\`${short(culprit)}\` is formatted into the SQL text that reaches \`${sinkName(ctx, call, rpc)}\`` +
          (source ? `; it carries ${source}, so whoever sends it can ` : ': a caller who controls it can ') +
          'change the query (SQL injection). ' + (rpc
            ? 'Replace the generic SQL-executing function with one that takes these values as typed arguments (`rpc("search_orders", {"customer": ...})`), and never send SQL text to the database.'
            : 'Pass values as bound parameters (`:name` / `$1` / `%s` with a separate argument) and pick identifiers such as sort columns from an allow-list.'),
      });
    }
  },
};

/**
 * The built text reads as SQL. A database function named for executing SQL (`execute_sql`) only needs
 * SQL words; a parameter merely named `query` must carry a whole statement (a search phrase is not SQL).
 */
function looksLikeSql(ctx: FileContext, node: PyNode, arg: PyNode, rpc: RpcSql | null): boolean {
  const texts = [ctx.model.file.text(node), ctx.model.file.text(arg)];
  if (rpc && !rpc.byName) return texts.some((t) => SQL_STATEMENT.test(t));
  return texts.some((t) => SQL_WORDS.test(t));
}

/** `text(sort)` / `conn.execute(query)` where the whole SQL text is a request parameter of the route. */
function requestValueAsSql(ctx: FileContext, call: CallInfo, arg: PyNode, judge: TrustJudge): UnsafeBuild | null {
  const fn = call.fn;
  const a = unparen(arg);
  if (!fn || a.type !== 'identifier' || !ctx.an.route(fn) || judge.isTrusted(a, call.scope)) return null;
  const p = fn.params.find((x) => x.name === ctx.model.file.text(a));
  if (!p || dependencyTarget(ctx.an.project, fn.scope.parent ?? fn.module.scope, p)) return null;
  // Only where the argument is certainly SQL: text(), or a method of a database session / connection.
  const recv = receiver(call.node);
  if (call.name !== 'text' && !(recv && isDbHandle(ctx.an, recv, call.scope))) return null;
  return { node: call.node, culprit: a, scope: call.scope };
}

/**
 * The piece sits between single quotes of the f-string it is formatted into (`f"... = '{x}'"`), or is an operand with a
 * quote-ending and a quote-starting string literal beside it in the same node (a nested `+` chain rarely gives that).
 */
function quotedInSql(n: PyNode, scope: Scope): boolean {
  const file = scope.module.file;
  const piece = n.parent?.type === 'interpolation' ? n.parent : n;
  const around = piece.parent;
  if (!around) return false;
  const i = around.children.indexOf(piece);
  const before = around.children[i - 1];
  const after = around.children[i + 1];
  if (!before || !after) return false;
  const left = file.text(before);
  const right = file.text(after);
  // Inside an f-string the neighbours are its text; beside an operand they are string literals.
  const tail = around.type === 'string' ? left : left.replace(/["']{1,3}$/, '');
  const head = around.type === 'string' ? right : right.replace(/^[rbuf]*["']{1,3}/i, '');
  return /'%?$/.test(tail) && /^%?'/.test(head);
}

/** `db.execute()`, or for an RPC the database function it runs: `supabase.rpc("execute_sql")`. */
function sinkName(ctx: FileContext, call: CallInfo, rpc: RpcSql | null): string {
  const file = ctx.model.file;
  const fn = rpc ? positional(call.node, 0) : null;
  return `${file.text(call.callee)}(${fn ? file.text(fn) : ''})`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
