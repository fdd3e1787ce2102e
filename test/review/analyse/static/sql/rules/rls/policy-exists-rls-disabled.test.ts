import { existing, findingsOf, lineOf, migration, runSql } from '../../run-sql.js';

const RULE = 'policy-exists-rls-disabled';

describe(RULE, () => {
  it('reports a new policy on a pre-existing table whose RLS is off', async () => {
    const before = existing({ '20240101000000_a': 'create table public.docs (id int, owner uuid);' });
    const sql = `create policy "owners" on public.docs for select\n  using ((select auth.uid()) = owner);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(f).toMatchObject({ line: 1, category: 'rls' });
    expect(f.message).toContain('never enforced');
  });

  it('reports the policies of a new exposed table once, on the policy, saying who can reach every row', async () => {
    const sql = `create table public.docs (id int, owner uuid);\ncreate policy "owners" on public.docs for select using ((select auth.uid()) = owner);`;
    const result = await runSql([migration('20250101000000_b', sql)]);
    const [f] = result.findings.filter((d) => d.rule === RULE);
    expect(f.line).toBe(lineOf(sql, 'create policy'));
    expect(f.message).toMatch(/never enforced[\s\S]*anon key can read, change and delete every row/);
    // The table's own rule says nothing more about it.
    expect(result.findings.filter((d) => d.rule === 'rls-disabled-on-exposed-table')).toEqual([]);
  });

  it('reports once, on the last policy the pull request wrote (where the live lint anchors it too)', async () => {
    const sql = 'create table public.blog (id int primary key);\ncreate policy "a" on public.blog for select using (true);\ncreate policy "b" on public.blog for all using (true);';
    expect((await findingsOf(RULE, [migration('20250101000000_b', sql)])).map((f) => f.line)).toEqual([3]);
  });

  it('leaves a new exposed table without policies to rls-disabled-on-exposed-table', async () => {
    const result = await runSql([migration('20250101000000_b', 'create table public.docs (id int, owner uuid);')]);
    expect(result.findings.map((d) => d.rule)).toContain('rls-disabled-on-exposed-table');
    expect(result.findings.filter((d) => d.rule === RULE)).toEqual([]);
  });

  it('reports disabling RLS on a table in a private schema that keeps policies', async () => {
    const before = existing({
      '20240101000000_a': 'create schema app;\ncreate table app.docs (id int);\nalter table app.docs enable row level security;\ncreate policy p on app.docs using (true);',
    });
    const sql = 'alter table app.docs disable row level security;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(f.line).toBe(lineOf(sql, 'disable'));
  });

  it('reports disabling RLS on an exposed table that keeps policies, with who then reaches every row, once', async () => {
    const before = existing({
      '20240101000000_a': 'create table public.docs (id int);\nalter table public.docs enable row level security;\ncreate policy p on public.docs for select using (true);',
    });
    const result = await runSql([migration('20250101000000_b', 'alter table public.docs disable row level security;')], before);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([[RULE, 1]]);
    expect(result.findings[0].message).toMatch(/its 1 policy is ignored, and anyone holding the public anon key can read/);
  });

  it('is silent once RLS is enabled', async () => {
    const sql = `create table public.docs (id int, owner uuid);\nalter table public.docs enable row level security;\ncreate policy "owners" on public.docs for select using ((select auth.uid()) = owner);`;
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)])).toEqual([]);
  });
});
