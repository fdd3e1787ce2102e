import { describeRules } from './rule-refs.js';
import { authorise, roleOf } from './authorise.js';
import type { PlanContext } from './context.js';
import { addMigration, addStep, newDraft, routeName, where, type Draft } from './draft.js';
import { commandOf, describeRoute, focusOf, rlsFacts, type Focus } from './focus.js';
import { pytestModule, type TestCase } from './pytest-text.js';
import { addIndexStep, addPolicyStep, describeTable } from './shared-steps.js';
import { hasIndex, ident, tableRef, timeColumn } from './sql-text.js';
import { planUnmatched } from './recipe-unmatched.js';

const STATUS = /\b([1-5]\d\d)\b/;
const EVIDENCE = /\b(traceback|exception|stack ?trace|log line|error:|[1-5]\d\d)\b|"[^"]{3,}"|'[^']{6,}'/i;
const fileOf = (r: Focus['routes'][number]) => ({ path: r.file, new: false });
const pathFixtures = (path: string) => path.replace(/\{(\w+)\}/g, '{$1}');

/** Where to look: the focused routes with their dependencies, and what the schema says about their tables. */
function understood(draft: Draft, ctx: PlanContext, focus: Focus, kind: string): void {
  const about = focus.routes.length ? focus.routes.map(describeRoute).join('; ') : focus.tables[0] ? `\`${focus.tables[0].key}\`, which no route of the app serves` : 'no route I could identify';
  draft.understood.push(`This reads as a ${kind} report about ${about}.`);
  if (focus.tables.length) draft.understood.push(`Tables involved: ${focus.tables.map(describeTable).join('; ')}.`);
}

function regressionTest(ctx: PlanContext, focus: Focus, then: string[]): TestCase[] {
  const r = focus.routes[0];
  if (!r) return [];
  const status = Number(STATUS.exec(ctx.text)?.[1] ?? 0);
  return [{ name: `test_${r.handler}_regression`, doc: `The request from the report, on ${routeName(r)}.`, method: r.method, path: pathFixtures(r.path), body: r.requestModels.length ? '{}' : undefined, headers: r.authenticated ? 'user_headers' : undefined, status: r.method === 'POST' ? 201 : 200, then: [...(status >= 500 ? [`# today: ${status}`] : []), ...then] }];
}

function addTests(draft: Draft, ctx: PlanContext, focus: Focus, cases: TestCase[]): void {
  if (!cases.length) return;
  draft.tests.push({ path: ctx.files.tests.path, new: ctx.files.tests.new, code: pytestModule({ about: `Regression tests for ${focus.routes.map(routeName).slice(0, 2).join(', ')}.`, fixtures: ['client: a TestClient of the app', 'user_headers (and other_user_headers): Authorization headers', 'the rows the report describes'], cases }) });
}

export function planBug(ctx: PlanContext): Draft {
  const focus = focusOf(ctx);
  if (!focus.routes.length && !focus.tables.length) return planUnmatched(ctx);
  const draft = newDraft();
  understood(draft, ctx, focus, 'bug');
  const text = ctx.text;
  addStep(draft, { title: 'Reproduce it with a failing test', detail: `Write the request from the report as a pytest test against ${focus.routes[0] ? `\`${routeName(focus.routes[0])}\`` : 'the route'} before touching the code.`, files: [ctx.files.tests] });
  const facts = focus.routes.flatMap((r) => rlsFacts(r, focus.tables, ctx.grounding.supabase));
  addStep(draft, {
    title: 'Find the cause',
    detail: [...facts, ...focus.routes.map((r) => `Follow \`${r.handler}\` (\`${where(r)}\`)${r.requestModels.length ? ` and its body \`${r.requestModels.join('`, `')}\`` : ''} down to the statement it runs.`)].join(' ') || 'Follow the request from the route to the query.',
    files: [...focus.routes.map(fileOf), ...focus.tables.filter((t) => facts.some((f) => f.includes(t.key))).map((t) => ({ path: t.path, new: false }))],
  });
  addStep(draft, { title: 'Fix it at the cause', detail: facts.length ? 'If the missing policy is the cause, add the policy (for the right role, with WITH CHECK on updates) in a new migration rather than switching to the service-role key.' : 'Change the code (or add a migration) where the cause is, not where the symptom shows.', files: focus.routes.map(fileOf).slice(0, 2) });
  addTests(draft, ctx, focus, regressionTest(ctx, focus, ['# the expected body, as the report describes it']));
  if (!EVIDENCE.test(text)) draft.questions.push('What exactly happens: the request (route, body), the status code and body that came back, and a log line or traceback?');
  draft.questions.push('Since when does it happen (a release, a migration)?');
  draft.risks.push('Regression: the new test runs in CI before the fix merges.');
  return draft;
}

export function planPerformance(ctx: PlanContext): Draft {
  const focus = focusOf(ctx);
  if (!focus.routes.length && !focus.tables.length) return planUnmatched(ctx);
  const draft = newDraft();
  understood(draft, ctx, focus, 'performance');
  addStep(draft, { title: 'Measure first', detail: `Time the request and run \`EXPLAIN (ANALYZE, BUFFERS)\` on the statement ${focus.routes[0] ? `\`${focus.routes[0].handler}\` (\`${where(focus.routes[0])}\`)` : 'it'} runs, on production-like volumes; pg_stat_statements shows the heaviest queries.`, files: focus.routes.map(fileOf).slice(0, 2) });
  const target = ctx.target ?? focus.tables[0];
  if (target) {
    const t = { ...ctx, target };
    const time = timeColumn(target);
    const scope = target.columns.find((c) => c.references && focus.routes.some((r) => r.path.includes(`{${c.name}}`)))?.name;
    addIndexStep(draft, t, [scope, time].filter((c): c is string => !!c));
    const search = /\b(search|searching|filter|find|ilike|like)\b/i.test(ctx.text);
    const textColumn = target.columns.find((c) => /^(name|title|label|description)$/.test(c.name))?.name;
    if (search && textColumn && !hasIndex(target, [textColumn])) {
      const ext = addMigration(draft, t, { slug: 'pg_trgm', sql: 'create extension if not exists pg_trgm;', purpose: 'Trigram matching for text search.' });
      const sql = `create index concurrently if not exists ${target.name}_${textColumn}_trgm_idx on ${tableRef(target)} using gin (${ident(textColumn)} gin_trgm_ops);`;
      const idx = addMigration(draft, t, { slug: `${target.name}_${textColumn}_trgm_idx`, sql, purpose: `A trigram index for searching ${target.name}.${textColumn}.` });
      addStep(draft, { title: `Serve the text search on \`${textColumn}\` with a trigram index`, detail: `\`ilike '%term%'\` cannot use a b-tree index; a GIN trigram index (extension pg_trgm) serves it. It is built CONCURRENTLY, alone in its migration.`, files: [ext, idx].filter((f): f is NonNullable<typeof f> => !!f), sql: idx ? undefined : `create extension if not exists pg_trgm;\n${sql}` });
    }
    const bare = target.policies.filter((p) => /auth\.uid\(\)/.test(p.text) && !/\(\s*select\s+auth\.uid\(\)\s*\)/i.test(p.text));
    if (bare.length) addStep(draft, { title: 'Evaluate auth.uid() once per query in the policies', detail: `${bare.map((p) => `"${p.name}"`).join(', ')} call \`auth.uid()\` per row; wrap it as \`(select auth.uid())\`.`, files: bare.map((p) => ({ path: p.path, new: false })) });
  }
  addStep(draft, { title: 'Remove per-row queries and unbounded lists', detail: describeRules('performance'), files: focus.routes.map(fileOf).slice(0, 2) });
  addTests(draft, ctx, focus, regressionTest(ctx, focus, ['# assert the number of queries stays bounded as rows grow']));
  draft.questions.push('How slow, at what volume: p50/p95 timings and the row counts involved?', 'Is there an EXPLAIN (ANALYZE, BUFFERS) of the slow statement?');
  draft.risks.push('Locks: indexes on existing tables are built CONCURRENTLY; measure again after the deploy.');
  return draft;
}

export function planSecurity(ctx: PlanContext): Draft {
  const focus = focusOf(ctx);
  if (!focus.routes.length && !focus.tables.length) return planUnmatched(ctx);
  const draft = newDraft();
  const table = focus.tables[0];
  // A route that takes an id is where one user reaches another's row: those first.
  const routes = (table ? focus.routes.filter((r) => r.path.split('/').some((s) => s.replace(/-/g, '_') === table.name)) : focus.routes).filter((r, _i, all) => r.method !== 'POST' || all.every((x) => x.method === 'POST')).sort((a, b) => Number(!/\{\w+\}$/.test(a.path)) - Number(!/\{\w+\}$/.test(b.path)));
  understood(draft, ctx, { routes, tables: focus.tables }, 'security');
  addStep(draft, { title: 'Contain it', detail: 'Establish since when and for whom it is exploitable, and whether the logs show it was used; decide who must be told.', files: [] });
  const auth = ctx.target && table?.key === ctx.target.key ? authorise(ctx) : null;
  for (const r of routes.slice(0, 3)) {
    const item = /\{\w+\}$/.test(r.path);
    addStep(draft, {
      title: `Close it in \`${routeName(r)}\``,
      detail: `${r.authenticated ? '' : `It has no authentication: add ${ctx.grounding.auth ? `\`${ctx.grounding.auth.name}\`` : 'an auth dependency'}. `}${item && auth ? `Fetch the row with the caller in the same statement (${auth.who.replace(/ \(`.*`\)$/, '')}) and answer 404 for anyone else's, so ids cannot be probed.` : 'Filter by the caller in the query, never after loading.'}`,
      files: [fileOf(r)],
    });
  }
  if (table && ctx.grounding.supabase) {
    if (!routes.length) draft.understood.push(`No route of the app serves \`${table.key}\`: clients read it through the Supabase Data API with their own JWT, so its RLS policies are the whole access rule.`);
    const command = routes[0] ? commandOf(routes[0]) : 'select';
    const policies = table.policies.filter((p) => p.command === command || p.command === 'all');
    if (policies.length) {
      addStep(draft, { title: `Re-read the ${command} policies of \`${table.key}\` against the rule`, detail: `${policies.map((p) => `"${p.name}" (\`${p.path}:${p.line}\`): \`${p.text.replace(/^create policy .*? (?=for |as |to |using)/i, '')}\``).join('; ')}. Each condition must tie the row to the caller; every table a policy reads must itself be readable by the caller (a subquery runs under the caller's RLS too).`, files: [...new Set(policies.map((p) => p.path))].map((path) => ({ path, new: false })) });
    } else if (auth?.rls) addPolicyStep(draft, ctx, { command, condition: auth.rls, who: auth.who, verb: 'read', role: roleOf(auth) });
    if (table.rls === false) draft.risks.push(`RLS is off on \`${table.key}\`: the anon key reads and writes every row. Enable it with policies first.`);
  }
  const others = ctx.grounding.routes.filter((r) => /\{\w+\}$/.test(r.path) && !routes.includes(r)).slice(0, 4);
  if (others.length) addStep(draft, { title: 'Check the same pattern in the sibling routes', detail: `${others.map((r) => `\`${routeName(r)}\` (\`${where(r)}\`)`).join(', ')}. ${describeRules('security')}`, files: [...new Set(others.map((r) => r.file))].map((path) => ({ path, new: false })) });
  addTests(draft, ctx, { routes, tables: focus.tables }, routes.slice(0, 1).flatMap((r) => [
    { name: `test_${r.handler}_serves_the_owner`, doc: 'The owner still gets their row.', method: r.method, path: r.path, headers: 'owner_headers', status: r.method === 'POST' ? 201 : 200 },
    { name: `test_${r.handler}_refuses_another_user`, doc: "Another user gets 404, never the owner's row.", method: r.method, path: r.path, headers: 'other_user_headers', status: 404 },
    { name: `test_${r.handler}_refuses_anon`, doc: 'Without a token: 401.', method: r.method, path: r.path, status: 401 },
  ]));
  if (!routes.length && table) addStep(draft, { title: `Prove it with two users against \`${table.key}\``, detail: "Sign in as a user who may see a row and as one who may not, read the table through the Data API (or in SQL: `set local role authenticated` and `request.jwt.claims`), and assert the second gets nothing.", files: [ctx.files.tests] });
  draft.questions.push('Is it exploitable in production now, and since which release?', 'Which callers can trigger it: anon, any signed-in user, or a role?');
  return draft;
}

export { commandOf };
