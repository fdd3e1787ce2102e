import type { RuleMeta } from '../../../shared/rule.js';
import type { PythonRule } from '../support/rule-api.js';
import { fieldOf, walk, type PyNode } from '../../syntax/py-node.js';
import { filteredInPython, returnedRows } from '../support/row-flow.js';
import { growsWithUse, isReferenceName } from '../../../support/reference-data.js';
import { rowsDeclaredInCode } from '../support/declared-rows.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('unbounded-select');

/** The returned rows (`return projects`) are walked by a loop or a comprehension of the function (`for p in projects:`). */
function iterated(text: (n: PyNode) => string, fn: PyNode, ret: PyNode): boolean {
  if (ret.type !== 'identifier') return false;
  const name = text(ret);
  let found = false;
  walk(fn, (n) => {
    if (found) return false;
    if ((n.type === 'for_statement' || n.type === 'for_in_clause') && fieldOf(n, 'right') && text(fieldOf(n, 'right')!) === name) found = true;
    return !found;
  });
  return found;
}

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      const route = ctx.an.route(fn);
      if (!route || !route.methods.includes('GET')) continue;
      for (const ret of fn.returns) {
        const rows = returnedRows(ctx.an, ret, fn.scope);
        // One person's own rows (their tasks, their saved syncs) grow with what they create, not with the table.
        if (!rows || !rows.many || rows.stmt.limited || rows.stmt.aggregate || rows.stmt.ownRows) continue;
        if (rows.stmt.kind === 'raw' && rows.stmt.sql === null) continue;
        if (filteredInPython(ctx.an, fn, rows)) continue;
        const entity = rows.stmt.model?.cls.name ?? ctx.model.file.text(rows.stmt.base);
        const lastSegment = route.path.split('/').filter(Boolean).pop() ?? '';
        if (isReferenceName(entity) || isReferenceName(lastSegment)) continue;
        // A table whose every row the code writes (seed or install code, one per item it lists): as long as the code.
        if (rows.stmt.model && rowsDeclaredInCode(ctx.an, rows.stmt.model)) continue;
        // One parent's configuration (an organisation's projects, an agent's resources) stays a handful; its
        // activity and content (an agent's runs, a chat's messages, a team's tasks) grow with use.
        // Unless the route works through each row (a query per project): then every row costs, and the list must be bounded.
        if (rows.stmt.parentRows && !growsWithUse(entity) && !growsWithUse(lastSegment) && !iterated(ctx.model.file.text.bind(ctx.model.file), fn.node, ret)) continue;
        if (/export|download|csv|dump|backup|report/i.test(route.path + fn.name)) continue;
        // Rows built in another changed module (a repository, a service) are reported where the query is.
        const owner = rows.scope.module === ctx.model ? ctx : ctx.contextOf(rows.scope.module);
        const atQuery = owner ? [rows.stmt.base, rows.exec].find((n) => owner.touches(n)) : undefined;
        const target = atQuery && owner ? owner : ctx;
        const node = atQuery ?? (ctx.touches(ret) ? ret : undefined);
        if (!node) continue;
        target.report(meta, {
          node,
          message:
            `\`${route.methods[0]} ${route.prefix}${route.path}\` returns every matching row with no limit: the response ` +
            'grows with the table until it times out. Add pagination (`limit` / `offset` with an upper bound such as ' +
            '`Query(20, le=100)`, or `.range()` for Supabase) and apply it in the query.',
        });
        break;
      }
    }
  },
};
