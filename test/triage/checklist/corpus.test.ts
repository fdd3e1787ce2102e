import pino from 'pino';
import { gatherRepo, type GatheredRepo } from '../../../src/triage/grounding/gather-repo.js';
import { buildChecklist } from '../../../src/triage/checklist/build-checklist.js';
import { reviewPlanSql } from '../../../src/app/wiring/review-plan-sql.js';
import { checkPlanSql } from '../../../src/triage/check/check-plan-sql.js';
import { classifyIssue } from '../../../src/triage/plan/classify-issue.js';
import { decideBackend } from '../../../src/triage/decide-backend.js';
import { concernsElsewhere } from '../../../src/triage/issue-scope.js';
import { matchIssue } from '../../../src/triage/match/match-issue.js';
import { readRequest } from '../../../src/triage/match/read-request.js';
import { renderPlan } from '../../../src/triage/render-plan.js';
import { loadPgParser } from '../../../src/review/analyse/static/parsers/pg-parser.js';
import { createdTables, relationsOf } from '../../../src/triage/check/sql-names.js';
import type { Plan } from '../../../src/triage/plan/plan-tool.js';
import { fixtureRepo, SHAPES, type Shape } from '../../helpers/fixture-repo.js';
import { ISSUE_TEXTS, type IssueText } from '../issue-texts.js';

const log = pino({ level: 'silent' });
const repos = new Map<Shape, GatheredRepo>();
beforeAll(async () => {
  for (const shape of SHAPES) repos.set(shape, await gatherRepo({ repo: fixtureRepo(shape).repo, ref: 'main', log }));
});

async function planFor(t: IssueText): Promise<{ plan: Plan; md: string; repo: GatheredRepo }> {
  const repo = repos.get(t.shape)!;
  const classification = classifyIssue({ title: t.title, body: t.body });
  const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title: t.title, body: t.body }, classification, grounding: repo.grounding });
  const checked = await checkPlanSql({ plan, grounding: repo.grounding, schema: repo.schema, review: reviewPlanSql, log });
  return { plan: checked, md: renderPlan(checked), repo };
}

const routeKey = (method: string, path: string) => `${method} ${path.replace(/\{[^}]*\}/g, '{}')}`;
const sqlOf = (plan: Plan) => [...plan.migrations.map((m) => m.sql), ...plan.steps.map((s) => s.sql ?? '')].filter((s) => s.trim());

describe('the issue corpus', () => {
  it('covers every kind of issue over the three repository shapes', () => {
    expect(ISSUE_TEXTS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ISSUE_TEXTS.map((t) => t.shape))).toEqual(new Set(SHAPES));
    expect(new Set(ISSUE_TEXTS.map((t) => t.kind))).toEqual(new Set(['bug', 'feature', 'performance', 'security', 'question', 'front-end', 'docs', 'ci', 'mixed']));
  });

  it.each(ISSUE_TEXTS.map((t) => [t.id, t] as const))('%s: type and backend decision', (_id, t) => {
    const repo = repos.get(t.shape)!.grounding;
    const classification = classifyIssue({ title: t.title, body: t.body });
    const text = `${t.title}\n${t.body}`;
    const decision = decideBackend({ classification, elsewhere: concernsElsewhere(t), repo: repo.backend, matches: matchIssue(repo, text), reading: readRequest(text) });
    expect(classification.type).toBe(t.type);
    expect(decision.backend).toBe(t.backend);
  });

  const backend = ISSUE_TEXTS.filter((t) => t.backend);
  it.each(backend.map((t) => [t.id, t] as const))('%s: the no-key plan names only tables, routes and files that exist or that it marks new', async (_id, t) => {
    const { plan, md, repo } = await planFor(t);
    const g = repo.grounding;
    const paths = new Set(g.paths);
    // Files: every file of every step, migration and test module exists or is marked new.
    for (const f of [...plan.steps.flatMap((s) => s.files), ...plan.migrations, ...plan.tests]) expect({ path: f.path, ok: paths.has(f.path) || f.new }).toEqual({ path: f.path, ok: true });
    // Every backticked path in the reply is in the tree, or is one the plan creates.
    const created = new Set([...plan.steps.flatMap((s) => s.files), ...plan.migrations, ...plan.tests].filter((f) => f.new).map((f) => f.path));
    for (const [, p] of md.matchAll(/`([\w./-]+\.(?:py|sql))(?::\d+)?`/g)) expect({ p, ok: paths.has(p) || created.has(p) }).toEqual({ p, ok: true });
    // Routes: the contract's routes exist (with their file:line) or are new; every route the prose names exists or is in the contract.
    const known = new Map(g.routes.map((r) => [routeKey(r.method, r.path), r]));
    for (const a of plan.api) expect({ route: `${a.method} ${a.path}`, ok: a.new ? !known.has(routeKey(a.method, a.path)) : known.has(routeKey(a.method, a.path)) }).toEqual({ route: `${a.method} ${a.path}`, ok: true });
    const contract = new Set(plan.api.map((a) => routeKey(a.method, a.path)));
    for (const [, method, path] of md.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)) {
      expect({ route: `${method} ${path}`, ok: known.has(routeKey(method, path)) || contract.has(routeKey(method, path)) }).toEqual({ route: `${method} ${path}`, ok: true });
    }
    // Tables: every table the SQL reads, writes or alters exists or is created by the plan; so does every `schema.table` in the prose.
    const parser = await loadPgParser();
    const trees = sqlOf(plan).map((sql) => parser.parse(sql));
    const made = new Set(trees.flatMap(createdTables));
    const tables = new Set([...g.tables.map((x) => x.key), 'auth.users']);
    for (const rel of trees.flatMap(relationsOf)) expect({ rel, ok: tables.has(rel) || made.has(rel) }).toEqual({ rel, ok: true });
    for (const [, rel] of md.matchAll(/`((?:public|auth)\.[a-z_]+)`/g)) expect({ rel, ok: tables.has(rel) || made.has(rel) }).toEqual({ rel, ok: true });
  });

  it.each(backend.map((t) => [t.id, t] as const))('%s: every SQL block of the plan parses, and the SQL rules flag nothing in its migrations', async (_id, t) => {
    const { plan, md } = await planFor(t);
    const parser = await loadPgParser();
    for (const block of [...md.matchAll(/```sql\n([\s\S]*?)\n\s*```/g)].map((m) => m[1].replace(/^ {3}/gm, ''))) expect(() => parser.parse(block)).not.toThrow();
    for (const m of plan.migrations) expect({ path: m.path, check: m.check }).toEqual({ path: m.path, check: expect.objectContaining({ parses: true, unknownTables: [], findings: [] }) });
    for (const s of plan.steps.filter((x) => x.check)) expect(s.check).toEqual(expect.objectContaining({ parses: true, unknownTables: [] }));
    expect(md).not.toContain('❌');
  });
});

describe('what the plans say', () => {
  const text = (id: string) => ISSUE_TEXTS.find((t) => t.id === id)!;

  it('plans a bulk cancel as one set-based UPDATE in one transaction, staff of that school checked in the route and in RLS, students told after commit, an index, and tests for staff, staff of another school and anon', async () => {
    const { plan, md } = await planFor(text('bulk-cancel'));
    const update = plan.steps.find((s) => s.sql?.startsWith('update public.lessons'))!;
    expect(update.title).toBe('Change every row in one set-based statement, in one transaction');
    expect(update.sql).toBe('update public.lessons\n   set cancelled_at = now()\n where school_id = $1\n   and starts_at >= $2\n   and starts_at < $3\n   and cancelled_at is null\nreturning id;');
    expect(plan.migrations.map((m) => m.sql)).toEqual([
      expect.stringContaining('alter table public.lessons add column cancelled_at timestamptz;'),
      'create index concurrently if not exists lessons_school_id_starts_at_idx on public.lessons (school_id, starts_at);',
    ]);
    expect(plan.migrations[0].sql).toContain('for update to authenticated\n  using (exists (select 1 from public.staff m where m.school_id = lessons.school_id and m.user_id = (select auth.uid())))\n  with check (');
    expect(plan.steps.map((s) => s.title)).toEqual(
      expect.arrayContaining(['Check the caller in the route with `require_school_staff`', 'Notify the students of the changed lessons after the change commits', 'Index the filter (school_id, starts_at)']),
    );
    expect(plan.steps.find((s) => s.title.startsWith('Notify'))!.sql).toContain('from public.enrolments l\n  join public.students w on w.id = l.student_id');
    expect(plan.tests[0].code).toMatch(/def test_staff_a_changes_the_lessons[\s\S]*status_code == 200[\s\S]*def test_staff_b_cannot_change_them[\s\S]*status_code == 403[\s\S]*def test_anon_is_refused[\s\S]*status_code == 401/);
    expect(plan.questions[0]).toBe("A day in which time zone? `starts_at` is a timestamptz; the plan takes the day in the school's `timezone`.");
    expect(md).not.toMatch(/LessonCreate\b.*new|public\.items/);
  });

  it('asks who a role is when the schema does not say, and names the column that may', async () => {
    const repo = repos.get('schools')!;
    const classification = classifyIssue({ title: 'Editors archive announcements', body: 'Only editors may archive all announcements of a week.' });
    const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title: 'Editors archive announcements', body: 'Only editors may archive all announcements of a week.' }, classification, grounding: repo.grounding });
    expect(plan.questions.join('\n')).toContain('How does the app know who is an editor?');
  });

  it('says what it looked for when nothing in the repository matches, and asks', async () => {
    const { plan, md } = await planFor(text('nothing-matches'));
    expect(md).toContain('Looked for tables, routes and models named after "carbon", "footprint", "delivery" (singular, plural and snake_case) and found none.');
    expect(plan.questions.join('\n')).toContain('where are deliveries recorded, or are they new too?');
    // What it creates is named after the issue's own nouns and marked new.
    expect(plan.migrations[0]).toMatchObject({ path: 'alembic/versions/xxxxxxxxxxxx_carbon_footprints.py', new: true });
  });

  it('does not invent a table to change when the request names none', async () => {
    const { plan, md } = await planFor({ ...text('cancel-order'), id: 'x', title: 'Cancel the thing', body: 'Please let people cancel the thingamajig.' });
    expect(plan.migrations).toEqual([]);
    expect(plan.api).toEqual([]);
    expect(md).toContain('I could not tie to this repository');
  });

  it('answers a question from the schema: nothing stops a double booking', async () => {
    const { md } = await planFor(text('double-booking'));
    expect(md).toContain('`public.appointments` is unique only on (id): no unique or exclusion constraint stops two rows with the same `patient_id` / `doctor_id` at the same time');
  });

  it('traces a bug to a missing RLS policy', async () => {
    const { md } = await planFor(text('edit-room-error'));
    expect(md).toContain("`public.lessons` has RLS on and no update policy: through the caller's client an update reaches no row, and `update_lesson` then answers as if the row did not exist.");
  });

  it('plans a relation to a person as a row that names them: one per pair, indexed, readable by them, and they are the one told', async () => {
    const clinic = ISSUE_TEXTS.find((t) => t.shape === 'clinic')!;
    const { plan, md } = await planFor({ ...clinic, id: 'share', title: 'Share an appointment', body: 'Doctors want to share an appointment with another person, who should get an email about it.' });
    const sql = sqlOf(plan).join('\n');
    expect(sql).toContain('create table public.appointment_shares (');
    expect(sql).toMatch(/\n {2}shared_with \w+ not null references public\.users \(id\) on delete cascade,\n/);
    expect(sql).toContain('unique (appointment_id, shared_with)');
    expect(sql).not.toContain('row level security');
    expect(plan.steps.map((s) => s.title)).toContain('Notify the person in `shared_with` after the change commits');
    expect(md).toContain('What may the person in `shared_with` do with the appointment: read it, or also change it?');
    // Where nobody is a user of the app, it asks who the person is instead of inventing a table.
    const { plan: shop } = await planFor({ ...text('loyalty-points'), id: 'share-order', title: 'Share an order', body: 'Customers want to share an order with another person.' });
    expect(shop.migrations[0].sql).not.toContain('shared_with');
    expect(shop.questions).toContain('Who is the person order shares are for: one of the app\'s users, or anyone by e-mail? I found no users table to reference.');

    const { plan: own } = await planFor({ ...text('bulk-cancel'), id: 'bookmark', title: 'Bookmark lessons', body: 'Students want to bookmark lessons they like.' });
    const mine = own.migrations[0].sql;
    expect(mine).toContain('  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,');
    expect(mine).toContain('unique (lesson_id, user_id)');
    expect(mine).toContain('create policy lesson_bookmarks_select_own on public.lesson_bookmarks\n  for select to authenticated\n  using (user_id = (select auth.uid()));');
    expect(own.migrations[0].check).toEqual(expect.objectContaining({ parses: true, findings: [] }));
  });

  it('plans a new table with RLS and one policy per operation in a Supabase project, and without RLS elsewhere', async () => {
    const supabase = buildChecklist({ subject: { kind: 'issue', number: 1, title: 'Add homework for students', body: 'Students should be able to add homework.' }, classification: classifyIssue({ title: 'Add homework', body: '' }), grounding: repos.get('schools')!.grounding });
    const sql = supabase.migrations.map((m) => m.sql).join('\n');
    expect(sql).toContain('alter table public.homeworks enable row level security;');
    expect(sql.match(/create policy homeworks_(select|insert|update|delete)_own/g)).toHaveLength(4);
    const { plan } = await planFor(text('loyalty-points'));
    expect(plan.migrations[0].sql).not.toContain('row level security');
  });
});
