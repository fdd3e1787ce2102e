import { findingsOf, lineOf, migration } from '../run-sql.js';

const RULE = 'rls-policy-always-true';
const TABLE = 'create table public.notes (id int, owner_id uuid);\nalter table public.notes enable row level security;\n';

describe(RULE, () => {
  it('reports FOR ALL ... USING (true) WITH CHECK (true) at the policy', async () => {
    const sql = `${TABLE}create policy "open" on public.notes\n  for all to authenticated\n  using (true) with check (true);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'high' });
    expect(f.message).toContain('USING (true)');
  });

  it.each([
    ['update using 1 = 1', 'for update using (1 = 1)'],
    ['insert with check true to anon', "for insert to anon with check ('t'::boolean)"],
    ['delete to public (no TO)', 'for delete using (true or owner_id is null)'],
    ['auth.role() check only', "for update to authenticated using (auth.role() = 'authenticated')"],
    ['signed-in only check', 'for delete to authenticated using ((select auth.uid()) is not null)'],
  ])('reports %s', async (_name, clause) => {
    const found = await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create policy "p" on public.notes ${clause};`)]);
    expect(found).toHaveLength(1);
  });

  it.each([
    ['select using (true) on reference data', 'for select to anon, authenticated using (true)'],
    ['owner-scoped update', 'for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id)'],
    ['restrictive true', 'as restrictive for all to authenticated using (true)'],
    ['service_role only', 'for all to service_role using (true) with check (true)'],
    ['admin claim from app_metadata', "for delete to authenticated using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin')"],
  ])('ignores %s', async (_name, clause) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create policy "p" on public.notes ${clause};`)])).toEqual([]);
  });

  it('ignores a pre-existing open policy the pull request does not touch', async () => {
    const before = { 'supabase/migrations/20240101000000_a.sql': `${TABLE}create policy "open" on public.notes for all using (true);` };
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'select 1;')], before)).toEqual([]);
  });
});

describe(`${RULE} on SELECT`, () => {
  it('reports SELECT using (true) on a table with sensitive columns, at medium', async () => {
    const sql = 'create table public.members (id uuid primary key, display_name text, email text, phone text);\nalter table public.members enable row level security;\ncreate policy "everyone reads" on public.members for select using (true);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: 3, severity: 'medium' });
    expect(f.message).toContain('`email` and `phone`');
  });
});
