import { singular } from '../match/words.js';
import type { GroundTable } from '../grounding/types.js';
import type { PlanApi } from '../plan/plan-tool.js';
import { authorise, whoMayQuestion, type Authorisation, roleOf } from './authorise.js';
import type { PlanContext } from './context.js';
import { addStep, collectionPath, collectionRoute, newDraft, routeName, where, type Draft, article } from './draft.js';
import { addIndexStep, addPolicyStep, addTestModule, existingModel, understoodTarget } from './shared-steps.js';
import { ident, keyColumn, tableRef, timeColumn } from './sql-text.js';

const MONEY = /(^|_)(cents|amount|total|price|revenue|cost|value)(_|$)/;
const PERIOD_UNIT = { day: 'day', week: 'week', month: 'month', year: 'year', range: 'day' } as const;

/** The report query: rows per period, and the sums of the money-like columns. */
function reportSql(target: GroundTable, time: string, unit: string, filter?: string): string {
  const sums = target.columns.filter((c) => MONEY.test(c.name) && /int|numeric|decimal|money|Integer|Numeric/i.test(c.type)).map((c) => `sum(${ident(c.name)}) as ${ident(`${c.name}_sum`)}`);
  const select = [`date_trunc('${unit}', ${ident(time)}) as ${unit}`, `count(*) as ${ident(target.name)}`, ...sums].join(',\n       ');
  const where = [`${ident(time)} >= $1`, `${ident(time)} < $2`, ...(filter ? [filter] : [])].join('\n   and ');
  return `select ${select}\n  from ${tableRef(target)}\n where ${where}\n group by 1\n order by 1;`;
}

/** The list query: the caller's rows (or the scope's), newest first, one page. */
function listSql(ctx: PlanContext, auth: Authorisation | null, period?: string): string {
  const target = ctx.target!;
  const time = timeColumn(target);
  const binds: string[] = [];
  const bind = () => `$${binds.push('x')}`;
  const filters = [
    ...(ctx.scope ? [`${ident(ctx.scope.column)} = ${bind()}`] : []),
    ...(period ? [`${ident(period)} >= ${bind()}`, `${ident(period)} < ${bind()}`] : []),
    ...(auth && !auth.rls ? [auth.condition(bind())] : []),
  ];
  const n = binds.length;
  const columns = target.columns.slice(0, 8).map((c) => ident(c.name)).join(', ');
  return `select ${columns}\n  from ${tableRef(target)}${filters.length ? `\n where ${filters.join('\n   and ')}` : ''}\n order by ${time ? `${ident(time)} desc, ` : ''}${ident(keyColumn(target))} desc\n limit $${n + 1};`;
}

/** List, search, report or export rows of an existing table. */
export function planRead(ctx: PlanContext): Draft {
  const draft = newDraft();
  const target = ctx.target!;
  const report = ctx.reading.main === 'report';
  const csv = /\b(csv|export|download)/i.test(ctx.text);
  // A report sums many owners' rows: the row owner's rule fits it only when the text says "my own".
  const found = authorise(ctx);
  const auth = report && found?.kind === 'owner' && !/\b(my|own|their own|his|her)\b/i.test(ctx.text) ? null : found;
  understoodTarget(draft, ctx, report ? `${csv ? 'export' : 'report on'} ${ctx.naming.plural}${ctx.reading.period ? ` per ${PERIOD_UNIT[ctx.reading.period]}` : ''}` : `list ${ctx.naming.plural}${ctx.scope ? ` of ${article(singular(ctx.scope.table.name))}` : ''}`, auth);
  const time = timeColumn(target);
  const unit = PERIOD_UNIT[ctx.reading.period ?? 'month'];
  const existing = collectionRoute(ctx);
  const out = existingModel(ctx, ['Out', 'Read', 'Response', 'Public', '']) ?? `${ctx.naming.model}Out`;
  const api: PlanApi = report
    ? { method: 'GET', path: `${collectionPath(ctx)}/${csv ? 'export' : 'report'}`, new: true, response_model: csv ? 'text/csv (StreamingResponse)' : `list[${ctx.naming.model}${unit[0].toUpperCase()}${unit.slice(1)}ly]`, auth: auth ? `\`${auth.dependency.name}\`: ${auth.who}` : undefined, status_codes: [csv ? '200 text/csv, one line per row' : '200 one row per period', '401 not signed in', '403 not allowed to see the report', '422 a period longer than the limit'] }
    : existing
      ? { method: 'GET', path: existing.path, new: false, at: where(existing), response_model: existing.responseModel ?? `list[${out}]`, status_codes: ['200 one page, newest first', '401 not signed in'] }
      : { method: 'GET', path: collectionPath(ctx), new: true, response_model: `list[${out}]`, auth: auth ? `\`${auth.dependency.name}\`: ${auth.who}` : undefined, status_codes: [`200 one page${time ? ', newest first' : ''} (limit ≤ 100)`, '401 not signed in', ...(auth ? [`${auth.denied} not allowed`] : [])] };
  draft.api.push(api);
  if (auth?.rls) addPolicyStep(draft, ctx, { command: 'select', condition: auth.rls, who: auth.who, verb: 'read', role: roleOf(auth) });
  const sql = csv && time ? listSql(ctx, auth, time) : report && time ? reportSql(target, time, unit, auth && !auth.rls ? auth.condition('$3') : undefined) : report ? undefined : listSql(ctx, auth);
  addStep(draft, {
    title: csv ? `Stream the ${ctx.naming.plural} of the period as CSV` : report ? `Aggregate in the database, one row per ${unit}` : existing ? `Extend \`${routeName(existing)}\`` : `Add \`${routeName(api)}\``,
    detail: report
      ? `One \`group by\` over ${time ? `\`${time}\`` : 'the time column'} for a bounded period (never rows loaded into Python and summed there).`
      : `${existing ? `It exists at \`${where(existing)}\`; add` : 'With'} a stable order and keyset or limit/offset pagination (limit ≤ 100); the filter by the caller is in the same query, never in Python.`,
    files: [ctx.files.router, ...(report || !existing ? [ctx.files.schemas] : [])],
    sql,
  });
  if (time) addIndexStep(draft, ctx, report ? [time] : [...(ctx.scope ? [ctx.scope.column] : []), time]);
  addTestModule(draft, ctx, {
    about: `Tests for ${routeName(api)}.`,
    auth,
    cases: [
      { name: `test_${report ? 'report_counts_the_period' : `lists_the_callers_${ctx.naming.plural}`}`, doc: report ? 'Rows inside the period are counted, rows outside are not.' : 'The caller sees their rows, newest first.', method: 'GET', path: api.path, headers: auth?.allowed ?? 'user_headers', status: 200 },
      ...(auth ? [{ name: 'test_other_caller_sees_nothing_of_theirs', doc: 'Another caller gets none of these rows.', method: 'GET', path: api.path, headers: auth.other, status: auth.denied === 404 ? 200 : auth.denied, then: auth.denied === 404 ? ['assert response.json() == []'] : [] }] : []),
      { name: 'test_anon_is_refused', doc: 'Without a token: 401.', method: 'GET', path: api.path, status: 401 },
    ],
  });
  addStep(draft, { title: 'Write the tests', files: [ctx.files.tests] });
  if (report && !auth) draft.questions.push(`Who may see the report? ${ctx.grounding.auth ? `\`${ctx.grounding.auth.name}\` identifies the caller, but nothing` : 'Nothing'} in the schema marks an owner or an admin.`);
  else if (!auth) draft.questions.push(whoMayQuestion(ctx, 'see'));
  if (report) draft.questions.push(csv ? `Which columns must the CSV carry, and how long may the period be?` : `Which figures must the report show, and over which period at most?`);
  if (!time && report) draft.questions.push(`Which column dates ${article(ctx.naming.singular)}? \`${target.key}\` has none.`);
  return draft;
}
