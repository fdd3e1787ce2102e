import pino from 'pino';
import { reviewPlanSql } from '../../../src/app/wiring/review-plan-sql.js';
import { checkPlanSql } from '../../../src/triage/check/check-plan-sql.js';
import type { PlanSqlProbe } from '../../../src/triage/plan/sql-check.js';
import { gatherRepo, type GatheredRepo } from '../../../src/triage/grounding/gather-repo.js';
import type { Plan } from '../../../src/triage/plan/plan-tool.js';
import { fixtureRepo } from '../../helpers/fixture-repo.js';

const log = pino({ level: 'silent' });
const plan = (migrations: { path: string; sql: string }[], steps: Plan['steps'] = [{ title: 's', files: [] }]): Plan => ({ understood: 'u', questions: [], steps, migrations: migrations.map((m) => ({ ...m, new: true })), api: [], tests: [], risks: [] });
let schools: GatheredRepo;
beforeAll(async () => {
  schools = await gatherRepo({ repo: fixtureRepo('schools').repo, ref: 'main', log });
});
const check = (p: Plan, probe?: PlanSqlProbe) => checkPlanSql({ plan: p, grounding: schools.grounding, schema: schools.schema, probe, review: reviewPlanSql, log });

describe('checkPlanSql', () => {
  it('takes SQL that does not parse out of the plan, keeping the parser error and its line', async () => {
    const checked = await check(plan([{ path: 'supabase/migrations/9_a.sql', sql: 'alter table public.lessons add column x int;\ncreate tabel y ();' }], [{ title: 'q', files: [], sql: 'selec 1' }]));
    expect(checked.migrations[0]).toMatchObject({ sql: '', check: { parses: false, error: 'syntax error at or near "tabel" (line 2)' } });
    expect(checked.steps[0]).toMatchObject({ sql: undefined, check: { parses: false } });
  });

  it('names tables that neither the repository nor the plan creates', async () => {
    const checked = await check(plan([{ path: 'supabase/migrations/9_a.sql', sql: 'create table public.notes (id bigint primary key);\nalter table public.notes enable row level security;\ncreate policy n on public.notes for select to authenticated using (true);\ninsert into public.ghosts select id from public.lessons;' }]));
    expect(checked.migrations[0].check).toMatchObject({ parses: true, statements: 4, unknownTables: ['public.ghosts'] });
  });

  it('reviews the migrations with the SQL rules after replaying the repository: a new exposed table without RLS, a plain index on an existing table', async () => {
    const checked = await check(
      plan([
        { path: 'supabase/migrations/9_a.sql', sql: 'create table public.notes (id bigint primary key, lesson_id bigint references public.lessons (id));' },
        { path: 'supabase/migrations/9_b.sql', sql: 'create index lessons_room_idx on public.lessons (room);' },
      ]),
    );
    expect(checked.migrations[0].check!.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['rls-disabled-on-exposed-table', 'unindexed-foreign-key']));
    expect(checked.migrations[1].check!.findings.map((f) => [f.rule, f.line])).toEqual([['require-concurrent-index', 1]]);
    expect(checked.migrations[0].check!.reviewed).toBe(true);
  });

  it("hands the repository's migrations, the plan's migrations and its steps' queries to the live database stage, and keeps each verdict", async () => {
    const calls: Parameters<PlanSqlProbe['probe']>[0][] = [];
    const probe: PlanSqlProbe = {
      async probe(params) {
        calls.push(params);
        return { plan: { kind: 'ran', engine: 'PostgreSQL 18', migrations: 2, probed: true, problems: [] }, migrations: [{ kind: 'applied', tables: [], leaks: [], notes: [] }], queries: [{ kind: 'prepared' }] };
      },
    };
    const sql = 'create table public.notes (id bigint primary key);\nalter table public.notes enable row level security;\ncreate policy n on public.lessons for update to authenticated using (true);';
    const checked = await check(plan([{ path: 'supabase/migrations/9_a.sql', sql }], [{ title: 's', files: [] }, { title: 'q', files: [], sql: 'select 1 from public.lessons where id = $1' }]), probe);
    expect(calls).toHaveLength(1);
    expect(calls[0].migrations.map((m) => m.path)).toEqual(['supabase/migrations/20240110090000_schools.sql', 'supabase/migrations/20240215120000_announcements.sql']);
    expect(calls[0].plan).toEqual([{ path: 'supabase/migrations/9_a.sql', sql, transaction: 'file' }]);
    expect(calls[0].queries).toEqual(['select 1 from public.lessons where id = $1']);
    expect(calls[0].scope).toEqual({ supabase: true, exposed: ['public'] });
    expect(checked.live).toMatchObject({ kind: 'ran', engine: 'PostgreSQL 18' });
    expect(checked.migrations[0].check!.live).toEqual({ kind: 'applied', tables: [], leaks: [], notes: [] });
    expect(checked.steps[1].check!.live).toEqual({ kind: 'prepared' });
  });

  it('does not call the live stage with SQL that does not parse, and a failing stage costs only its verdict', async () => {
    let called = 0;
    const probe: PlanSqlProbe = { probe: async () => (called++, Promise.reject(new Error('PGlite could not start'))) };
    const bad = await check(plan([{ path: 'a.sql', sql: 'create tabel x ();' }]), probe);
    expect(called).toBe(0);
    expect(bad.live).toEqual({ kind: 'unavailable', reason: "migration 1 of this plan does not parse, so the plan's migrations were not applied" });
    const failing = await check(plan([{ path: 'supabase/migrations/9_a.sql', sql: 'select 1;' }]), probe);
    expect(called).toBe(1);
    expect(failing.live).toEqual({ kind: 'unavailable', reason: 'PGlite could not start' });
    expect(failing.migrations[0].check).toMatchObject({ parses: true });
    expect(failing.migrations[0].check!.live).toBeUndefined();
  });
});
