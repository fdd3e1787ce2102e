import type { RuleMeta } from '../../../shared/rule.js';
import { unparen } from '../../syntax/py-node.js';
import { isStringLiteral, stringValue } from '../../model/call-args.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import type { CallInfo } from '../../model/types.js';
import { isOneOffCode } from '../support/one-off.js';
import { ormModelOf, tableName } from '../../knowledge/orm.js';
import { sqlArgument } from '../support/sql-sinks.js';
import { selectsStar } from '../support/select-star-sql.js';
import { isProjectClass, resolveName } from '../../model/resolve.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('select-star');

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      const arg = sqlArgument(ctx.an, call);
      if (!arg) continue;
      const lit = unparen(arg);
      if (!isStringLiteral(lit) || !ctx.touches(lit) || copiesWholeRows(ctx, call) || mapsWholeRows(ctx, call)) continue;
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

/** A result or its rows (`row = result.fetchone()`, `rows = await conn.fetch(...)`, `result = await db.execute(...)`). */
const FETCHED = /\b([A-Za-z_]\w*)\s*=\s*(?:await\s+)?[^\n=]*\.(?:fetchone|fetchall|fetchmany|fetchrow|fetch|first|one|one_or_none|all|mappings|execute)\(/g;

/**
 * The function turns each row it fetched into an object of a fixed shape: `Folder(**_row_to_dict(row))`,
 * `Model.model_validate(row)`, or a mapper of its own given the row alone. Every column is read into fields the
 * code declares, so naming them gives back the same list; `*` is no finding there. A row handed on as it is
 * (`dict(row)`, `row._mapping` in a response, an export) changes shape with the table: that stays reported.
 */
function mapsWholeRows(ctx: FileContext, call: CallInfo): boolean {
  const fn = call.fn;
  if (!fn?.body) return false;
  if (returnsDeclaredRecords(ctx, call)) return true;
  const body = ctx.model.file.text(fn.body);
  const rows = new Set<string>();
  for (const m of body.matchAll(FETCHED)) rows.add(m[1]);
  // `for row in rows` / `[... for r in result]`: the loop variable is a row too.
  for (const m of body.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\s+(?:await\s+)?([A-Za-z_]\w*)\b/g)) if (rows.has(m[2])) rows.add(m[1]);
  for (const v of rows) {
    const typed = new RegExp(`\\b[A-Z]\\w*\\(\\s*\\*\\*\\s*(?:dict\\(\\s*)?${v}\\b|\\.(?:model_validate|from_orm|parse_obj)\\(\\s*(?:dict\\(\\s*)?${v}\\b`);
    if (typed.test(body)) return true;
    // A class's own builder given the row alone (`Admin.build(row)`, `User.from_record(row)`).
    if (new RegExp(`(?<![\\w.])[A-Z]\\w*(?<!Response)\\.[a-z_]\\w*\\(\\s*${v}\\s*\\)`).test(body)) return true;
    // A mapper given the row alone: a class, or a function of the project (`_folder_row_to_dict(row)`).
    for (const m of body.matchAll(new RegExp(`(?<![\\w.])([A-Za-z_]\\w*)\\(\\s*${v}\\s*\\)`, 'g'))) {
      // A response class (`JSONResponse(row)`) hands the row on as it is.
      if ((/^[A-Z]/.test(m[1]) && !/Response$/.test(m[1])) || (!BUILTIN.has(m[1]) && ctx.an.mayBeProjectFunction(m[1]))) return true;
    }
  }
  return false;
}

/** A return annotation of records of one class: `Assistant`, `Optional[Assistant]`, `List[Assistant]`, `Sequence[Thread] | None`. */
const RECORDS_RETURN = /^(?:(?:Optional|List|list|Sequence|Iterable|tuple|Tuple)\[)?\s*([A-Z]\w*)\s*(?:,\s*\.\.\.\s*)?\]?(?:\s*\|\s*None)?$/;

/**
 * The function returns what the fetch gives (`return await conn.fetch("SELECT * ...")`) and declares it records of a
 * class of the project (`-> List[Assistant]`, a TypedDict or a model): the code names the shape it hands on, and a
 * response typed with it serializes those fields only. Untyped rows, `dict` or `Record` are handed on as they are.
 */
function returnsDeclaredRecords(ctx: FileContext, call: CallInfo): boolean {
  const fn = call.fn;
  if (!fn?.returnType) return false;
  let p = call.node.parent;
  while (p && (p.type === 'await' || p.type === 'parenthesized_expression')) p = p.parent;
  if (p?.type !== 'return_statement') return false;
  const m = RECORDS_RETURN.exec(ctx.model.file.text(fn.returnType).replace(/\s+/g, ' ').trim());
  if (!m || /^(Record|Row|Any|Dict|Mapping|Optional|List|Sequence)$/.test(m[1])) return false;
  return isProjectClass(resolveName(ctx.an.project, fn.scope, m[1]));
}

const BUILTIN = new Set(['len', 'bool', 'str', 'list', 'tuple', 'print', 'repr', 'id', 'type', 'any', 'all', 'iter', 'next', 'sorted', 'set', 'dict']);

