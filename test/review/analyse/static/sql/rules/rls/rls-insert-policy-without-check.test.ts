import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-insert-policy-without-check';
const TABLE = 'create table public.posts (id int primary key, user_id uuid, title text);\nalter table public.posts enable row level security;\n';

describe(RULE, () => {
  it('reports a permissive INSERT policy without WITH CHECK: PostgreSQL admits no row through it', async () => {
    const sql = `${TABLE}create policy "add posts" on public.posts\n  for insert\n  to authenticated;\n`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'medium' });
    expect(f.message).toMatch(/no WITH CHECK[\s\S]*admits no new row[\s\S]*every insert into `public.posts` as that role fails[\s\S]*never `with check \(true\)`/);
  });

  it('says the policy does nothing when another INSERT policy admits rows for its role', async () => {
    const sql = `${TABLE}create policy "own" on public.posts for insert to authenticated with check ((select auth.uid()) = user_id);\ncreate policy "dead" on public.posts for insert to authenticated;\n`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.line).toBe(lineOf(sql, 'create policy "dead"'));
    expect(f.message).toMatch(/only through the other INSERT policies/);
  });

  it('is silent on an INSERT policy with a check, a restrictive one, an ALL policy (its USING checks inserts), and a table whose RLS is off', async () => {
    const checked = `${TABLE}create policy "add" on public.posts for insert to authenticated with check ((select auth.uid()) = user_id);\n`;
    const restrictive = `${TABLE}create policy "add" on public.posts as restrictive for insert to authenticated;\n`;
    const all = `${TABLE}create policy "mine" on public.posts for all to authenticated using ((select auth.uid()) = user_id);\n`;
    const off = 'create table public.posts (id int primary key, user_id uuid);\ncreate policy "add" on public.posts for insert to authenticated;\n';
    for (const sql of [checked, restrictive, all, off]) expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
