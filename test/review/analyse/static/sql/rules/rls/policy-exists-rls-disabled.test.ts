import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'policy-exists-rls-disabled';

describe(RULE, () => {
  it('reports a new policy on a pre-existing table whose RLS is off', async () => {
    const before = existing({ '20240101000000_a': 'create table public.docs (id int, owner uuid);' });
    const sql = `create policy "owners" on public.docs for select\n  using ((select auth.uid()) = owner);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(f).toMatchObject({ line: 1, category: 'rls' });
    expect(f.message).toContain('never enforced');
  });

  it('stays quiet when rls-disabled-on-exposed-table already reports the new table', async () => {
    const sql = `create table public.docs (id int, owner uuid);\ncreate policy "owners" on public.docs for select using ((select auth.uid()) = owner);`;
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)])).toEqual([]);
  });

  it('reports disabling RLS on a table in a private schema that keeps policies', async () => {
    const before = existing({
      '20240101000000_a': 'create schema app;\ncreate table app.docs (id int);\nalter table app.docs enable row level security;\ncreate policy p on app.docs using (true);',
    });
    const sql = 'alter table app.docs disable row level security;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(f.line).toBe(lineOf(sql, 'disable'));
  });

  it('is silent once RLS is enabled', async () => {
    const sql = `create table public.docs (id int, owner uuid);\nalter table public.docs enable row level security;\ncreate policy "owners" on public.docs for select using ((select auth.uid()) = owner);`;
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)])).toEqual([]);
  });
});
