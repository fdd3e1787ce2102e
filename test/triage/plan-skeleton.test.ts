import { buildSkeleton } from '../../src/triage/plan-skeleton.js';
import { classifyIssue } from '../../src/triage/classify-issue.js';
import { buildRepoTree } from '../../src/triage/repo-paths.js';
import { renderPlan } from '../../src/triage/render-plan.js';
import type { PlanGrounding } from '../../src/triage/plan-grounding.js';

const tree = buildRepoTree(['app/main.py', 'app/routers/orders.py', 'app/schemas/orders.py', 'supabase/migrations/001_init.sql', 'tests/test_health.py'], false);
const ground = (title: string, body = ''): PlanGrounding => ({ subject: { kind: 'issue', number: 3, title, body }, classification: classifyIssue({ title, body }), tree });
const titles = (g: PlanGrounding) => buildSkeleton(g).steps.map((s) => s.title);

describe('buildSkeleton', () => {
  it('plans a data feature as migration, RLS, models, data access, endpoints, tests', () => {
    const g = ground('Add order notes', 'A new table for notes on orders, with RLS policies.');
    expect(titles(g)).toEqual([
      'Write the migration',
      'Enable Row Level Security with one policy per operation',
      'Define the Pydantic request and response models',
      'Write the data access, async all the way',
      'Add the endpoints with the auth dependency and the ownership check',
      'Test it with pytest and httpx',
    ]);
    const plan = buildSkeleton(g);
    // Files come from the tree: the matching router and schema, a new migration next to the others, a new test.
    expect(plan.steps[0].files).toEqual([{ path: 'supabase/migrations/YYYYMMDDHHMMSS_orders.sql', new: true }]);
    expect(plan.steps[2].files).toEqual([{ path: 'app/schemas/orders.py', new: false }]);
    expect(plan.steps[4].files).toEqual([{ path: 'app/routers/orders.py', new: false }]);
    expect(plan.steps[4].api.map((a) => `${a.method} ${a.path}`)).toEqual(['POST /orders', 'GET /orders', 'GET /orders/{order_id}']);
    expect(plan.steps[5].files).toEqual([{ path: 'tests/test_orders.py', new: true }]);
    expect(plan.steps[1].sql).toContain('create policy orders_update_own on public.orders for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);');
  });

  it('carries the RLS risk whenever the checklist has an RLS step', () => {
    const plan = buildSkeleton(ground('Soft-delete for orders'));
    expect(plan.steps[1].title).toBe('Enable Row Level Security with one policy per operation');
    expect(plan.risks.map((r) => r.split(':')[0])).toEqual(['Locks', 'Row Level Security', 'Rollout']);
  });

  it('plans a bug from a failing test to the fix', () => {
    expect(titles(ground('Crash when listing orders', 'Traceback in app/routers/orders.py'))).toEqual(['Reproduce it with a failing test', 'Find the cause', 'Fix it at the cause', 'Test it with pytest and httpx']);
  });

  it('plans a security report with containment, the API and the database rule, tests and an audit', () => {
    const g = ground('Users can read other users orders', 'GET /orders/{id} has no owner check: a data leak.');
    expect(titles(g)).toEqual([
      'Contain it',
      'Add the endpoints with the auth dependency and the ownership check',
      'Enforce the same rule in the database',
      'Test it with pytest and httpx',
      'Look for the same pattern elsewhere',
    ]);
    expect(buildSkeleton(g).risks[0]).toMatch(/^Clients:/);
  });

  it('plans performance work from measurement, naming the performance rules', () => {
    const plan = buildSkeleton(ground('Orders endpoint is slow', 'N+1 queries in a loop'));
    expect(plan.steps[0].title).toBe('Measure first');
    expect(plan.steps[1].detail).toContain('`n-plus-one-in-loop`');
    expect(plan.steps[2].sql).toBe('create index concurrently if not exists orders_owner_id_created_at_idx on public.orders (owner_id, created_at desc);');
  });

  it('answers a question with where to look', () => {
    expect(titles(ground('How do I run the API locally?'))).toEqual(['Find the code that answers it', 'Answer in the issue, and document it if it will be asked again']);
  });

  it('starts a pull request plan with its static findings', () => {
    const g: PlanGrounding = {
      ...ground('Add orders route'),
      subject: { kind: 'pull request', number: 4, title: 'Add orders route', body: '' },
      findings: [{ path: 'app/routers/orders.py', line: 9, side: 'RIGHT', category: 'async', severity: 'high', rule: 'async-blocking-sleep', title: 'Blocking sleep', message: 'm', source: 'static', fingerprint: 'f' }],
    };
    const plan = buildSkeleton(g);
    expect(plan.steps[0]).toMatchObject({ title: 'Fix what the review found, most severe first', detail: '- `app/routers/orders.py:9` high · `async-blocking-sleep`: Blocking sleep', files: [{ path: 'app/routers/orders.py', new: false }] });
  });

  it('renders every checklist well under a GitHub comment', () => {
    for (const title of ['Add order notes table with RLS', 'Crash', 'Data leak', 'Slow', 'How?']) expect(renderPlan(buildSkeleton(ground(title))).length).toBeLessThan(20_000);
  });

  it('names main.py for the routes of an app without router modules', () => {
    const small = buildRepoTree(['app/__init__.py', 'app/main.py', 'requirements.txt'], false);
    const plan = buildSkeleton({ ...ground('Add order notes'), tree: small });
    expect(plan.steps.find((s) => s.api.length)!.files).toEqual([{ path: 'app/main.py', new: false }]);
    expect(plan.steps.find((s) => s.title.startsWith('Define'))!.files).toEqual([{ path: 'app/schemas/notes.py', new: true }]);
  });

  it('still plans without a tree', () => {
    const plan = buildSkeleton({ ...ground('Add order notes table'), tree: null });
    expect(plan.steps[0].files).toEqual([{ path: 'supabase/migrations/YYYYMMDDHHMMSS_notes.sql', new: true }]);
    expect(plan.steps.at(-1)!.files).toEqual([{ path: 'tests/test_notes.py', new: true }]);
  });
});
