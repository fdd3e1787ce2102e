import type { RuleMeta } from '../../rule.js';
import { unparen } from '../syntax/py-node.js';
import { isStringLiteral, stringValue } from '../model/call-args.js';
import type { PythonRule } from './rule-api.js';
import { sqlArgument } from './support/sql-sinks.js';
import { selectsStar } from './support/select-star-sql.js';

export const meta: RuleMeta = {
  id: 'select-star',
  category: 'query',
  severity: 'low',
  title: 'SELECT * in raw SQL',
  rationale:
    '`SELECT *` in hand-written SQL fetches every column (large text / JSON columns included), defeats index-only ' +
    'scans and silently changes what the endpoint returns or exports when a column is added (including sensitive ' +
    'ones). List the columns the code needs.',
  anchors: ['SQLFluff AM04', 'sqruff AM04'],
};

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      const arg = sqlArgument(ctx.an, call);
      if (!arg) continue;
      const lit = unparen(arg);
      if (!isStringLiteral(lit) || !ctx.touches(lit)) continue;
      const sql = stringValue(lit, ctx.model.file);
      if (!sql || !selectsStar(ctx.an.pg, sql)) continue;
      ctx.report(meta, {
        node: lit,
        message:
          '`SELECT *` returns every column of the table: more data over the wire, no index-only scans, and the result ' +
          '(or export) changes silently when columns are added. Select the columns this code uses.',
      });
    }
  },
};
