import { jest } from '@jest/globals';
import pino from 'pino';
import { createLiveServer } from '../../../src/adapters/live-database-env.js';
import { createLiveRunner } from '../../../src/review/analyse/live/live-runner.js';
import { buildChecklist } from '../../../src/triage/checklist/build-checklist.js';
import { checkPlanSql } from '../../../src/triage/check/check-plan-sql.js';
import { createLivePlanProbe } from '../../../src/app/wiring/live-plan-probe.js';
import { classifyIssue } from '../../../src/triage/plan/classify-issue.js';
import { gatherRepo, type GatheredRepo } from '../../../src/triage/grounding/gather-repo.js';
import { renderPlan } from '../../../src/triage/render-plan.js';
import { fixtureRepo, SHAPES, type Shape } from '../../helpers/fixture-repo.js';
import { ISSUE_TEXTS } from '../issue-texts.js';

jest.setTimeout(300_000);

const log = pino({ level: 'silent' });
const runner = createLiveRunner({ server: () => createLiveServer(undefined), budgetMs: 120_000, concurrency: 1 });
const probe = createLivePlanProbe(runner);
const repos = new Map<Shape, GatheredRepo>();
beforeAll(async () => {
  for (const shape of SHAPES) repos.set(shape, await gatherRepo({ repo: fixtureRepo(shape).repo, ref: 'main', log }));
});
afterAll(() => runner.close());

const withSql = ISSUE_TEXTS.filter((t) => t.backend);

/** The no-key plans of the issue corpus, their SQL applied on the embedded PostgreSQL after each repository's migrations. */
describe('the no-key plans of the issue corpus on the live database stage', () => {
  it.each(withSql.map((t) => [t.id, t] as const))('%s: every migration applies on the replayed schema and passes its RLS probes; every query prepares', async (_id, t) => {
    const repo = repos.get(t.shape)!;
    const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title: t.title, body: t.body }, classification: classifyIssue(t), grounding: repo.grounding });
    const checked = await checkPlanSql({ plan, grounding: repo.grounding, schema: repo.schema, probe, log });
    const md = renderPlan(checked);
    const queries = checked.steps.filter((s) => s.sql?.trim());
    if (!checked.migrations.length && !queries.length) return expect(checked.live).toBeUndefined();
    if (t.shape === 'clinic') {
      // Its tables come from the ORM models: nothing to replay, and the plan says so.
      expect(checked.live).toEqual({ kind: 'unavailable', reason: 'the repository has no migrations to replay (its tables come from the ORM models)' });
      return expect(md).toContain('⚠️ Parsed only, not checked live: the repository has no migrations to replay (its tables come from the ORM models).');
    }
    expect(checked.live).toMatchObject({ kind: 'ran', migrations: 2, problems: [], probed: t.shape === 'schools' });
    for (const m of checked.migrations) {
      expect({ path: m.path, live: m.check!.live }).toEqual({ path: m.path, live: expect.objectContaining({ kind: 'applied', leaks: [] }) });
      const live = m.check!.live!;
      if (live.kind === 'applied') for (const table of live.tables) expect({ table: table.table, leaked: table.checks.filter((c) => c.leaked) }).toEqual({ table: table.table, leaked: [] });
    }
    for (const s of queries) expect({ step: s.title, live: s.check!.live }).toEqual({ step: s.title, live: { kind: 'prepared' } });
    expect(md).not.toContain('❌');
    expect(md.match(/✅ Applies cleanly on the replayed schema/g)?.length ?? 0).toBe(checked.migrations.length);
  });

  it("bulk-cancel: the policy on lessons holds as two users, whose rows a lesson's teacher owns, and for anon", async () => {
    const t = ISSUE_TEXTS.find((x) => x.id === 'bulk-cancel')!;
    const repo = repos.get('schools')!;
    const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title: t.title, body: t.body }, classification: classifyIssue(t), grounding: repo.grounding });
    const md = renderPlan(await checkPlanSql({ plan, grounding: repo.grounding, schema: repo.schema, probe, log }));
    expect(md).toContain(
      "✅ Applies cleanly on the replayed schema; `public.lessons` (rows owned through `teacher_id -> public.staff.user_id`): user B cannot read, update or delete user A's rows, nor create rows owned by user A or hand its rows to user A; anon cannot read or insert rows.",
    );
  });

  it.each([
    ['a share (a recipient row)', 'Share lessons with a colleague', 'Teachers want to share a lesson with another teacher.', 'public.lesson_shares'],
    ['a bookmark (a row of the caller)', 'Bookmark lessons', 'Students want to bookmark lessons they like.', 'public.lesson_bookmarks'],
    ['homework (a row of a student, owned through it)', 'Add homework for students', 'Students should be able to add homework.', 'public.homeworks'],
  ])("the generator's new table for %s applies, and user B can neither read, change nor take over user A's rows", async (_what, title, body, table) => {
    const repo = repos.get('schools')!;
    const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title, body }, classification: classifyIssue({ title, body }), grounding: repo.grounding });
    const checked = await checkPlanSql({ plan, grounding: repo.grounding, schema: repo.schema, probe, log });
    const live = checked.migrations.map((m) => m.check!.live!).find((l) => l.kind === 'applied' && l.tables.some((t) => t.table === table));
    expect(live).toBeDefined();
    const probed = live!.kind === 'applied' ? live!.tables.find((t) => t.table === table)! : undefined;
    expect(probed!.checks.filter((c) => c.leaked)).toEqual([]);
    // The two-user probes ran: the table has a column that ties its rows to a user.
    expect(probed!.checks.filter((c) => c.as === 'user B').map((c) => c.action)).toEqual(expect.arrayContaining(['read', 'delete', 'insert']));
    const md = renderPlan(checked);
    const verdict = md.split('\n').find((l) => l.includes(`\`${table}\``) && l.includes('Applies cleanly'));
    expect(verdict).toMatch(/^ {3}✅ Applies cleanly on the replayed schema; /);
    expect(verdict).toContain("user B cannot read, update or delete user A's rows, nor create rows owned by user A or hand its rows to user A; anon cannot read or insert rows.");
    expect(md).not.toContain('❌');
  });
});
