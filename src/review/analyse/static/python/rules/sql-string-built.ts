import type { RuleMeta } from '../../rule.js';
import type { FileContext, PythonRule } from './rule-api.js';
import { unparen, type PyNode } from '../syntax/py-node.js';
import { dependencyTarget } from '../model/depends.js';
import { receiver } from '../model/call-args.js';
import { isDbHandle } from '../model/queries.js';
import type { CallInfo } from '../model/types.js';
import type { UnsafeBuild } from './support/built-strings.js';
import { sqlArgument } from './support/sql-sinks.js';
import { findUnsafeBuild } from './support/built-strings.js';
import { TrustJudge } from './support/untrusted.js';

export const meta: RuleMeta = {
  id: 'sql-string-built',
  category: 'security',
  severity: 'high',
  title: 'SQL built from untrusted text',
  rationale:
    'Formatting a request value into SQL (f-string, `+`, `%`, `.format`) and passing it to `execute`, `fetch*`, ' +
    '`text()` or `exec_driver_sql` lets the caller rewrite the query: read other tenants\' rows, bypass filters or ' +
    'modify data. Bind values as parameters (`:name` with `text()`, `$1` with asyncpg, `%s` with a separate argument ' +
    'tuple in psycopg) and choose identifiers (sort columns, table names) from an allow-list. Constants, numbers and ' +
    'validated enums/dates are not reported.',
  anchors: ['Ruff S608', 'Bandit B608', 'semgrep formatted-sql-query / asyncpg-sqli / psycopg-sqli / avoid-sqlalchemy-text'],
};

const SQL_WORDS = /\b(select|insert|update|delete|where|from|order\s+by|group\s+by|values|join|limit|offset|and|or|set)\b/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const judge = new TrustJudge(ctx.an);
    for (const call of ctx.model.calls) {
      const arg = sqlArgument(ctx.an, call);
      if (!arg || arg.type === 'string' && !arg.children.length) continue;
      const built = findUnsafeBuild(judge, arg, call.scope);
      const found = built ?? requestValueAsSql(ctx, call, arg, judge);
      if (!found || !ctx.touches(found.node)) continue;
      if (built && !SQL_WORDS.test(ctx.model.file.text(found.node)) && !SQL_WORDS.test(ctx.model.file.text(arg))) continue;
      const culprit = ctx.model.file.text(found.culprit);
      ctx.report(meta, {
        node: found.node,
        message:
          `\`${short(culprit)}\` is formatted into the SQL text that reaches \`${ctx.model.file.text(call.callee)}()\`: a caller who controls it can ` +
          'change the query (SQL injection). Pass values as bound parameters (`:name` / `$1` / `%s` with a separate ' +
          'argument) and pick identifiers such as sort columns from an allow-list.',
      });
    }
  },
};

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

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
