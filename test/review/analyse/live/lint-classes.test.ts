import { jest } from '@jest/globals';
import { liveEngines, liveHarness, migration } from './live-helper.js';

jest.setTimeout(600_000);

/**
 * Classes of the live lints found by measuring them against Supabase's linter (splinter): each
 * with a case PostgreSQL must report and one it must not, judged by what the catalog and the
 * engine actually do.
 */
describe.each(liveEngines())('live lint classes on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());

  const review = (head: string) => live.review([{ path: migration(2, 'change'), head }]);
  const ruleFindings = async (rule: string, head: string) => (await review(head)).findings.filter((f) => f.rule === rule);

  const PRIVATE = 'create schema private;\ncreate table private.salaries (user_id uuid primary key, amount int not null);\n';

  it('security-definer-view: a view over a table its readers may not select (no grant) leaks it with the owner\'s rights', async () => {
    const [f] = await ruleFindings('security-definer-view', `${PRIVATE}create view public.pay as select user_id, amount from private.salaries;\n`);
    expect(f).toMatchObject({ line: 3, severity: 'high' });
    expect(f.message).toMatch(/reads `private\.salaries` \(which anon and authenticated may not select directly\)/);
    expect(await ruleFindings('security-definer-view', `${PRIVATE}create view public.pay with (security_invoker = true) as select user_id, amount from private.salaries;\n`)).toEqual([]);
  });

  it('security-definer-view: a view that reads nothing protected is low, and gone with security_invoker', async () => {
    const [f] = await ruleFindings('security-definer-view', 'create view public.my_view as select 1 as one;\n');
    expect(f).toMatchObject({ line: 1, severity: 'low' });
    expect(f.message).toMatch(/reads nothing they could not read themselves today/);
    expect(await ruleFindings('security-definer-view', 'create view public.my_view with (security_invoker = on) as select 1 as one;\n')).toEqual([]);
    // Out of the exposed schemas nobody reaches it through the API.
    expect(await ruleFindings('security-definer-view', 'create schema private;\ncreate view private.my_view as select 1 as one;\n')).toEqual([]);
  });

  it('security-definer-view: RLS whose select policies show every row to the readers hides nothing from them', async () => {
    const table = 'create table public.plans (id int primary key, name text);\nalter table public.plans enable row level security;\n';
    const view = 'create view public.plan_names as select id, name from public.plans;\n';
    const open = await ruleFindings('security-definer-view', `${table}create policy "all read" on public.plans for select to anon, authenticated using (true);\n${view}`);
    expect(open.map((f) => f.severity)).toEqual(['low']);
    // A policy that leaves anon out, or a restrictive one, hides rows again: the owner's rights bypass it.
    const [partial] = await ruleFindings('security-definer-view', `${table}create policy "all read" on public.plans for select to authenticated using (true);\n${view}`);
    expect(partial).toMatchObject({ severity: 'high', line: 4 });
    expect(partial.message).toMatch(/reads `public\.plans` \(row level security on\)/);
    const restricted = `${table}create policy "all read" on public.plans for select to anon, authenticated using (true);\n` +
      `create policy "named" on public.plans as restrictive for select to anon, authenticated using (name is not null);\n${view}`;
    expect((await ruleFindings('security-definer-view', restricted)).map((f) => f.severity)).toEqual(['high']);
  });

  const POSTS = 'create table public.posts (\n  id int primary key,\n  user_id uuid references auth.users (id),\n  title text\n);\ncreate index on public.posts (user_id);\nalter table public.posts enable row level security;\n';

  it('rls-policy-always-true: an insert policy without WITH CHECK admits no row, so nothing is reported and the probes get nothing in', async () => {
    const result = await review(`${POSTS}create policy "insert_no_with_check" on public.posts for insert to authenticated;\n`);
    expect(result.status).toBe('ok');
    expect(result.findings.filter((f) => f.rule === 'rls-policy-always-true' || f.rule.startsWith('rls-probe-insert'))).toEqual([]);
    // The same policy with WITH CHECK (true) lets B insert A's rows: both the lint and the probe say so.
    const open = await review(`${POSTS}create policy "insert_true" on public.posts for insert to authenticated with check (true);\n`);
    expect(open.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['rls-policy-always-true', 'rls-probe-insert-as-other']));
  });

  const PAIR = 'create table public.aaa (foo int, bar int, primary key (foo, bar));\n' +
    'create table public.bbb (id int primary key, foo int, bar int, foreign key (foo, bar) references public.aaa (foo, bar));\n';

  it('unindexed-foreign-key: an index on the key\'s columns in another order serves its lookups; one on part of them does not', async () => {
    expect(await ruleFindings('unindexed-foreign-key', `${PAIR}create index on public.bbb (bar, foo);\n`)).toEqual([]);
    expect(await ruleFindings('unindexed-foreign-key', `${PAIR}create index on public.bbb (bar);\n`)).toHaveLength(1);
  });

  it('security-definer-function-exposed names the API roles that keep EXECUTE after a revoke', async () => {
    const fn = 'create function public.admin_only() returns int\n  language sql security definer\n  as $$ select 1 $$;\n';
    const [f] = await ruleFindings('security-definer-function-exposed', `${fn}revoke execute on function public.admin_only() from public, anon;\n`);
    expect(f.message).toMatch(/lets authenticated execute SECURITY DEFINER/);
    expect(await ruleFindings('security-definer-function-exposed', `${fn}revoke execute on function public.admin_only() from public, anon, authenticated;\n`)).toEqual([]);
  });
});
