import { singular } from '../match/words.js';
import type { PlanApi } from '../plan/plan-tool.js';
import { authorise, whoMayQuestion, type Authorisation, roleOf } from './authorise.js';
import type { PlanContext } from './context.js';
import { addStep, collectionPath, itemRoute, newDraft, routeName, where, type Draft, article } from './draft.js';
import { addIndexStep, addPolicyStep, existingModel, understoodTarget } from './shared-steps.js';
import { addNotifyStep } from './notify.js';
import { periodFilter, periodQuestion, type PeriodFilter } from './period.js';
import { pytestModule, type TestCase } from './pytest-text.js';
import { ident, keyColumn, keyType, tableRef } from './sql-text.js';
import { recordChange, type RowChange } from './state-change.js';

type ChangeAction = 'cancel' | 'delete' | 'update';

/** The one statement that changes every row the request means, with its bound parameters named. */
function changeSql(ctx: PlanContext, change: RowChange, params: { bulk: boolean; period?: PeriodFilter; auth: Authorisation | null }): { sql?: string; binds: string[] } {
  const target = ctx.target!;
  const binds: string[] = [];
  const bind = (name: string) => `$${binds.push(name)}`;
  const where: string[] = [];
  if (params.bulk && ctx.scope) where.push(`${ident(ctx.scope.column)} = ${bind(ctx.scope.column)}`);
  if (params.bulk && params.period) where.push(`${ident(params.period.column)} >= ${bind('period_start')}`, `${ident(params.period.column)} < ${bind('period_end')}`);
  if (!params.bulk) where.push(`${ident(keyColumn(target))} = ${bind(`${ctx.naming.singular}_id`)}`);
  const picked = where.length > 0;
  if (change.notYet) where.push(change.notYet);
  // Without RLS the statement itself carries the rule; with RLS the policy does, as the caller.
  // "All my rows" is picked by the caller alone: then the statement says so, RLS or not.
  if (params.auth && (!params.auth.rls || !picked)) where.push(params.auth.condition(bind('caller_id')));
  if (change.kind === 'update' && !change.set.length) return { binds };
  // A statement over every row of the table is never what a request means: no filter, no SQL.
  if (!picked && !params.auth) return { binds };
  const head = change.kind === 'delete' ? `delete from ${tableRef(target)}` : `update ${tableRef(target)}\n   set ${change.set.map(([c, v]) => `${ident(c)} = ${v ?? bind(c)}`).join(', ')}`;
  return { sql: `${head}\n where ${where.join('\n   and ')}\nreturning ${ident(keyColumn(target))};`, binds };
}

function contract(ctx: PlanContext, action: ChangeAction, bulk: boolean, period: PeriodFilter | undefined, auth: Authorisation | null): PlanApi {
  const { naming } = ctx;
  const statuses = [bulk ? `200 how many ${naming.plural} changed and their ids (0 when none was left to change)` : `200 the ${naming.singular}`, '401 not signed in'];
  if (auth) statuses.push(auth.denied === 403 ? `403 not ${auth.who.split(' (')[0]}` : `404 no such ${naming.singular}, or not the caller's`);
  if (period || action === 'update') statuses.push('422 invalid body');
  const authText = auth ? `${auth.dependency.new ? 'new' : 'existing'} dependency \`${auth.dependency.name}\`: ${auth.who}` : undefined;
  const item = itemRoute(ctx, action === 'delete' ? 'DELETE' : action === 'update' ? 'PATCH' : undefined);
  if (!bulk && item && ((action === 'delete' && item.method === 'DELETE') || (action === 'update' && item.method === 'PATCH'))) {
    return { method: item.method as PlanApi['method'], path: item.path, new: false, at: where(item), request_model: item.requestModels[0], response_model: item.responseModel, auth: authText, status_codes: statuses };
  }
  const base = bulk ? collectionPath(ctx) : item?.path ?? `${collectionPath(ctx)}/{${naming.singular}_id}`;
  const verb = action === 'update' ? (bulk ? 'PATCH' : 'PATCH') : 'POST';
  const suffix = action === 'update' ? '' : `/${action}`;
  const request = bulk || action === 'update' ? `${naming.model}${action === 'cancel' ? 'Cancellation' : action === 'delete' ? 'Deletion' : 'Update'}` : undefined;
  const response = bulk ? `${naming.model}BulkResult` : existingModel(ctx, ['Out', 'Read', 'Response', 'Public', '']) ?? `${naming.model}Out`;
  return { method: verb, path: `${base}${suffix}`, new: true, request_model: request, response_model: response, auth: authText, status_codes: statuses };
}

/** The request and response models a new route needs, with their fields. */
function modelsDetail(ctx: PlanContext, api: PlanApi, bulk: boolean, period: PeriodFilter | undefined): string {
  if (!api.new || !api.request_model) return '';
  const id = keyType(ctx.target!) === 'uuid' ? 'UUID' : 'int';
  const scopeField = bulk && ctx.scope && !api.path.includes(`{${ctx.scope.column}}`) ? [`${ctx.scope.column}: ${keyType(ctx.scope.table) === 'uuid' ? 'UUID' : 'int'}`] : [];
  const fields = [...scopeField, ...(period ? [period.period === 'day' ? 'day: date' : 'start: date, end: date'] : []), ...(api.request_model.endsWith('Update') ? ['only the fields a client may change, all optional'] : []), ...(/Cancellation$/.test(api.request_model) ? ['reason: str | None = None'] : [])];
  const response = bulk ? ` and \`${api.response_model}\` (\`changed: int\`, \`ids: list[${id}]\`)` : '';
  return ` In \`${ctx.files.schemas.path}\`: \`${api.request_model}\` (${fields.map((f) => `\`${f}\``).join(', ') || 'its fields'}; \`extra="forbid"\`)${response}.`;
}

function testsFor(ctx: PlanContext, api: PlanApi, auth: Authorisation | null, bulk: boolean, body?: string): TestCase[] {
  const path = auth?.scopeParam ? api.path.replace(`{${auth.scopeParam.name}}`, `{${auth.scopeParam.mine}}`) : api.path;
  const other = auth?.scopeParam ? api.path.replace(`{${auth.scopeParam.name}}`, `{${auth.scopeParam.mine}}`) : path;
  const n = ctx.naming;
  const cases: TestCase[] = [
    { name: `test_${auth?.allowed.replace(/_headers$/, '') ?? 'caller'}_changes_the_${bulk ? n.plural : n.singular}`, doc: `The allowed caller changes exactly the ${bulk ? `${n.plural} the request means` : n.singular}.`, method: api.method, path, body, headers: auth?.allowed ?? 'user_headers', status: 200, then: bulk ? ['assert response.json()["changed"] == 2  # the rows the fixtures put in the period', '# rows outside the period or of another scope are unchanged'] : [] },
  ];
  if (auth) cases.push({ name: `test_${auth.other.replace(/_headers$/, '')}_cannot_change_them`, doc: `${auth.other.replace(/_headers$/, '').replace(/_/g, ' ')} is refused and nothing changes.`, method: api.method, path: other, body, headers: auth.other, status: auth.denied, then: ['# the rows are exactly as before'] });
  cases.push({ name: 'test_anon_is_refused', doc: 'Without a token: 401, nothing changes.', method: api.method, path, body, status: 401 });
  if (bulk) cases.push({ name: 'test_repeating_the_request_changes_nothing', doc: 'A retried request is harmless.', method: api.method, path, body, headers: auth?.allowed ?? 'user_headers', status: 200, then: ['response = client.' + api.method.toLowerCase() + `(${path.includes('{') ? 'f' : ''}"${path}"${body ? `, json=${body}` : ''}, headers=${auth?.allowed ?? 'user_headers'})`, 'assert response.json()["changed"] == 0'] });
  return cases;
}

/** Cancel, delete or update rows of an existing table: one by one, or all the rows of a scope and period at once. */
export function planChange(ctx: PlanContext, action: ChangeAction): Draft {
  const draft = newDraft();
  const target = ctx.target!;
  const bulk = ctx.reading.bulk;
  const auth = authorise(ctx);
  const period = bulk ? periodFilter(ctx) : undefined;
  understoodTarget(draft, ctx, `${bulk ? 'in one request, ' : ''}${action} ${bulk ? `every ${ctx.naming.singular}` : `one ${ctx.naming.singular}`}${ctx.scope ? ` of ${article(singular(ctx.scope.table.name))}` : ''}${period ? ` on a given ${period.period} (by \`${period.column}\`)` : ''}`, auth);
  const change = recordChange(draft, ctx, action);
  if (auth?.rls) addPolicyStep(draft, ctx, { command: change.kind, condition: auth.rls, who: auth.who, verb: action, role: roleOf(auth) });
  const api = contract(ctx, action, bulk, period, auth);
  const { sql, binds } = changeSql(ctx, change, { bulk, period, auth });
  const body = bulk && period ? `{"${period.period === 'day' ? 'day' : 'start'}": "2025-03-14"}` : undefined;
  addStep(draft, {
    title: `${bulk ? 'Change every row in one set-based statement' : 'Change the row in one statement'}, in one transaction`,
    detail: `${change.words[0].toUpperCase()}${change.words.slice(1)} ${bulk ? `with one \`${change.kind}\` over all the matching rows (never a loop of single-row requests)` : 'by id'}, returning the changed ids${binds.length ? ` (parameters: ${binds.map((b, i) => `$${i + 1} ${b}`).join(', ')})` : ''}.${period ? ` The ${period.period} is a half-open range [start, next start)${period.zone ? ` computed in ${period.zone}` : ''}.` : ''}${change.notYet ? ` Rows already in that state are skipped, so a repeated request changes nothing.` : ''}`,
    files: [ctx.files.router],
    sql,
  });
  if (auth?.dependency.new) addStep(draft, { title: `Check the caller in the route with \`${auth.dependency.name}\``, detail: auth.dependency.detail, files: [auth.dependency.file] });
  addStep(draft, {
    title: `${api.new ? 'Add' : 'Change'} \`${routeName(api)}\``,
    detail: `${api.new ? `In \`${ctx.files.router.path}\`${ctx.files.router.new ? ' (new)' : ', beside the other routes of this table'}` : `It exists at \`${api.at}\``}; it depends on ${auth ? `\`${auth.dependency.name}\`` : 'the auth dependency'}.${modelsDetail(ctx, api, bulk, period)}`,
    files: [ctx.files.router, ...(api.request_model ? [ctx.files.schemas] : [])],
  });
  draft.api.push(api);
  addNotifyStep(draft, ctx);
  if (bulk) addIndexStep(draft, ctx, [ctx.scope?.column, period?.column].filter((c): c is string => !!c));
  draft.tests.push({ path: ctx.files.tests.path, new: ctx.files.tests.new, code: pytestModule({ about: `Tests for ${routeName(api)}.`, fixtures: ['client: a TestClient of the app', ...(auth ? [`${auth.allowed}, ${auth.other}: Authorization headers of an allowed caller and of one who is not`] : []), ...(auth?.scopeParam ? [`${auth.scopeParam.mine}, ${auth.scopeParam.theirs}: ids of two ${ctx.scope!.table.name}`] : []), `rows of \`${target.key}\` for each case`], cases: testsFor(ctx, api, auth, bulk, body) }) });
  addStep(draft, { title: 'Write the tests', detail: 'The allowed caller, a caller who must be refused, anon, and a repeated request (the skeletons below).', files: [ctx.files.tests] });
  const pq = periodQuestion(ctx, period);
  if (pq) draft.questions.unshift(pq);
  if (!auth) draft.questions.unshift(whoMayQuestion(ctx, action));
  if (action === 'cancel' && !ctx.reading.reversible) draft.questions.push(`Can a cancellation be undone (${article(ctx.naming.singular)} reinstated)? The plan keeps the rows, so it could.`);
  const lists = ctx.routes.filter((r) => r.method === 'GET');
  if (action !== 'update' && lists.length) draft.questions.push(`Should ${action === 'cancel' ? 'cancelled' : 'deleted'} ${ctx.naming.plural} still appear in ${lists.map((r) => `\`${routeName(r)}\``).join(' and ')} (marked as such), or disappear from ${lists.length > 1 ? 'them' : 'it'}?`);
  if (bulk && period) draft.questions.push(`Should ${ctx.naming.plural} of that ${period.period} that already started be included, or only those still ahead?`);
  draft.risks.push(`Authorisation: ${auth ? `the route check and ${auth.rls ? 'the RLS policy' : 'the WHERE clause'} say the same thing (${auth.who.replace(/ \(.*\)$/, '')}); test both with a caller who must be refused` : 'decide who may do this before the route ships'}.`);
  if (bulk && !sql) draft.questions.unshift(`Which ${ctx.naming.plural} exactly: by which column does the request pick them? Nothing in the text ties them to a parent row or a period.`);
  if (bulk) draft.risks.push('Size: one statement changes every matching row; cap the period a request may cover, and log how many rows each call changed.');
  return draft;
}
