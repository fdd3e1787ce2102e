import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen } from '../../syntax/py-node.js';
import { positional } from '../../model/call-args.js';
import { resultOf } from '../../knowledge/queries.js';
import { refsOf } from '../../model/refs.js';
import type { PythonRule } from '../support/rule-api.js';
import { isOneOffCode } from '../support/one-off.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('count-by-loading-rows');

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'len' || !call.fn || !ctx.touches(call.node) || isOneOffCode(call.fn, ctx.model)) continue;
      const arg = positional(call.node, 0);
      if (!arg) continue;
      const rows = resultOf(ctx.an, arg, call.scope);
      // One person's own rows (their organisations, their keys) are a handful: counting them in Python costs nothing.
      if (!rows || !rows.many || rows.stmt.limited || rows.stmt.aggregate || rows.stmt.ownRows) continue;
      // A narrow raw / PostgREST filter usually matches a handful of rows; an ORM entity list or an
      // unfiltered query is the costly case.
      if (rows.stmt.filtered && (rows.stmt.kind === 'raw' || rows.stmt.kind === 'supabase')) continue;
      // A variable that is also used for something else (iterated, returned) is not loaded only to count.
      const a = unparen(arg);
      if (a.type === 'identifier') {
        const uses = refsOf(call.fn, ctx.model.file.text(a)).filter((r) => r !== a);
        if (uses.length) continue;
      }
      ctx.report(meta, {
        node: call.node,
        message:
          'Every matching row is fetched just to count it with `len(...)`. Count in the database instead ' +
          '(`select(func.count()).select_from(...)` / `SELECT count(*)` / `count="exact", head=True`).',
      });
    }
  },
};

