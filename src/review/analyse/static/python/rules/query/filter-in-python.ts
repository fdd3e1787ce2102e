import type { RuleMeta } from '../../../shared/rule.js';
import { resultOf } from '../../knowledge/queries.js';
import type { PythonRule } from '../support/rule-api.js';
import { filteredInPython } from '../support/row-flow.js';
import { isOneOffCode } from '../support/one-off.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('filter-in-python');

/** Calls that can run a query (session / connection / PostgREST executions). */
const EXEC_NAMES = new Set(['execute', 'scalars', 'scalar', 'stream', 'stream_scalars', 'fetch', 'fetchrow', 'fetchval', 'exec', 'get', 'all', 'first', 'one']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      if (!fn.loops.length || isOneOffCode(fn, ctx.model)) continue;
      for (const call of fn.calls) {
        if (!EXEC_NAMES.has(call.name) || !ctx.touches(call.node)) continue;
        const rows = resultOf(ctx.an, call.node, call.scope);
        if (!rows || rows.exec !== call.node) continue;
        const filter = filteredInPython(ctx.an, fn, { ...rows, many: true });
        if (!filter) continue;
        ctx.report(meta, {
          node: rows.stmt.base.start >= call.node.start && ctx.touches(rows.stmt.base) ? rows.stmt.base : call.node,
          message:
            `Every row is loaded here and then filtered in Python (line ${ctx.model.file.startLine(filter)}): the whole ` +
            'table is transferred on each request and no index is used. Move the conditions (and a limit) into the query.',
        });
      }
    }
  },
};
