import type { RuleMeta } from '../../../shared/rule.js';
import { unparen } from '../../syntax/py-node.js';
import { isStringLiteral, stringValue } from '../../model/call-args.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import type { CallInfo } from '../../model/types.js';
import { isOneOffCode } from '../support/one-off.js';
import { ormModelOf, tableName } from '../../knowledge/orm.js';
import { sqlArgument } from '../support/sql-sinks.js';
import { selectsStar } from '../support/select-star-sql.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('select-star');

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      const arg = sqlArgument(ctx.an, call);
      if (!arg) continue;
      const lit = unparen(arg);
      if (!isStringLiteral(lit) || !ctx.touches(lit) || copiesWholeRows(ctx, call)) continue;
      const sql = stringValue(lit, ctx.model.file);
      if (!sql || !selectsStar(ctx.an.pg, sql) || narrowTable(ctx, sql) || CATALOG_READ.test(sql)) continue;
      ctx.report(meta, {
        node: lit,
        message:
          '`SELECT *` returns every column of the table: more data over the wire, no index-only scans, and the result ' +
          '(or export) changes silently when columns are added. Select the columns this code uses.',
      });
    }
  },
};

/**
 * `SELECT * FROM pg_extension WHERE extname = 'vector'`: a look at PostgreSQL's own catalog (an existence check), whose
 * rows are few and whose columns the server version fixes; no table of the app's data.
 */
const CATALOG_READ = /^\s*select\s+\*\s+from\s+(?:"?pg_catalog"?\.)?"?pg_\w+"?|^\s*select\s+\*\s+from\s+"?information_schema"?\./i;

/** Code whose job is the whole row: backups, dumps and restores, migrations and scripts (a user-facing export is not). */
const WHOLE_ROW_JOB = /(^|[^a-z])(dump|backup|snapshot|replicat|archive|restore)/i;

function copiesWholeRows(ctx: FileContext, call: CallInfo): boolean {
  if (isOneOffCode(call.fn, ctx.model) || WHOLE_ROW_JOB.test(ctx.model.file.path)) return true;
  for (let fn = call.fn; fn; fn = fn.outer) if (WHOLE_ROW_JOB.test(fn.name) || (fn.cls && WHOLE_ROW_JOB.test(fn.cls.name))) return true;
  return false;
}

/** `SELECT * FROM t` of one table that the app maps with two columns at most: `*` is those columns. */
function narrowTable(ctx: FileContext, sql: string): boolean {
  const m = /^\s*select\s+\*\s+from\s+"?(?:\w+"?\.)?"?(\w+)"?\s*(?:;|\s*$|\s+(?:where|order|limit)\b)/i.exec(sql);
  if (!m) return false;
  const table = m[1].toLowerCase();
  return ctx.an.memo(`narrow-table:${table}`, () => {
    for (const module of ctx.an.loadedModules()) {
      for (const cls of module.classes) {
        const model = ormModelOf(cls);
        if (model && tableName(model).toLowerCase() === table) return model.columns.size <= 2;
      }
    }
    return false;
  });
}
