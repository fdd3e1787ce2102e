import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'security-definer-view';
const BASE = existing({
  '20240101000000_billing':
    'create table public.subscriptions (id int, user_id uuid, amount int);\nalter table public.subscriptions enable row level security;\n' +
    'create policy "own" on public.subscriptions for select to authenticated using ((select auth.uid()) = user_id);\n' +
    'create table public.plans (code text primary key, name text);\nalter table public.plans enable row level security;\n' +
    'create policy "all" on public.plans for select using (true);\ncreate table public.audit (id int);',
});

describe(RULE, () => {
  it('reports a view over an RLS-protected table without security_invoker', async () => {
    const sql = '-- totals\ncreate view public.totals as\n  select user_id, sum(amount) from public.subscriptions group by user_id;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_v', sql)], BASE);
    expect(f).toMatchObject({ line: lineOf(sql, 'create view'), category: 'rls', severity: 'high' });
    expect(f.message).toContain('security_invoker = true');
  });

  it('reports a materialized view in the exposed schema', async () => {
    const sql = 'create materialized view public.mv as select * from public.subscriptions;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_v', sql)], BASE);
    expect(f.message).toContain('Materialized view');
  });

  it('reports switching security_invoker off later', async () => {
    const sql = 'create view public.v with (security_invoker = on) as select * from public.subscriptions;\nalter view public.v reset (security_invoker);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_v', sql)], BASE);
    expect(f.line).toBe(2);
  });

  it.each([
    ['security_invoker = true', 'create view public.v with (security_invoker = true) as select * from public.subscriptions;'],
    ['security_invoker without a value', 'create view public.v with (security_invoker) as select * from public.subscriptions;'],
    ['a view over a table without RLS', 'create view public.v as select * from public.audit;'],
    ['a view in a private schema', 'create schema private;\ncreate view private.v as select * from public.subscriptions;'],
    ['a view revoked from the API roles', 'create view public.v as select * from public.subscriptions;\nrevoke all on public.v from anon, authenticated;'],
    ['a view that filters by the caller', 'create view public.mine as select * from public.subscriptions where user_id = auth.uid();'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_v', sql)], BASE)).toEqual([]);
  });

  it('enables security_invoker later in the pull request', async () => {
    const found = await findingsOf(RULE, [
      migration('20250101000000_v', 'create view public.v as select * from public.subscriptions;'),
      migration('20250101000001_w', 'alter view public.v set (security_invoker = true);'),
    ], BASE);
    expect(found).toEqual([]);
  });
});

describe(`${RULE} over tables whose rows are public anyway`, () => {
  const readable = (roles: string) =>
    existing({
      '20240101000000_p': `create table public.stations (id int primary key, name text);\nalter table public.stations enable row level security;\ncreate policy "read" on public.stations for select ${roles} using (true);`,
    });
  const view = 'create view public.station_names as select id, name from public.stations;';

  it('ignores a view over a table every API role may read in full', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_v', view)], readable('to anon, authenticated'))).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_v', view)], readable(''))).toEqual([]);
  });

  it('reports it when the view reaches a role the policy leaves out (anon through the default grants)', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_v', view)], readable('to authenticated'))).toHaveLength(1);
    const revoked = `${view}\nrevoke all on public.station_names from anon;`;
    expect(await findingsOf(RULE, [migration('20250101000000_v', revoked)], readable('to authenticated'))).toEqual([]);
  });
});
