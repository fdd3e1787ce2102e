import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-policy-references-user-metadata';
const TABLE = 'create table public.boards (id int, owner_id uuid);\nalter table public.boards enable row level security;\n';

describe(RULE, () => {
  it("reports auth.jwt() -> 'user_metadata' in a policy", async () => {
    const sql = `${TABLE}create policy "support deletes" on public.boards for delete to authenticated\n  using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'support');`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'high' });
    expect(f.message).toContain('app_metadata');
  });

  it('reports raw_user_meta_data read from auth.users in a policy', async () => {
    const sql = `${TABLE}create policy "admins" on public.boards for select using (exists (select 1 from auth.users u where u.id = (select auth.uid()) and u.raw_user_meta_data ->> 'admin' = 'true'));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });

  it('reports a policy that calls a helper function reading user_metadata', async () => {
    const fn = `create function public.is_support() returns boolean language sql stable as $$ select (auth.jwt() -> 'user_metadata' ->> 'role') = 'support' $$;\n`;
    const sql = `${TABLE}${fn}create policy "support" on public.boards for select using (public.is_support());`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.message).toContain('public.is_support');
  });

  it('ignores app_metadata and user_metadata read outside policies', async () => {
    const trigger = `create function public.copy_name() returns trigger language plpgsql security definer set search_path = '' as $$ begin new.name := new.raw_user_meta_data ->> 'name'; return new; end $$;\n`;
    const sql = `${TABLE}${trigger}create policy "admins" on public.boards for delete to authenticated using ((select auth.jwt()) -> 'app_metadata' ->> 'role' = 'admin');`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});

describe(`${RULE} on tables no migration created`, () => {
  it('reports a storage.objects policy that authorises on user_metadata', async () => {
    const sql = "create policy \"staff uploads\" on storage.objects for insert to authenticated\n  with check (bucket_id = 'docs' and (select auth.jwt() -> 'user_metadata' ->> 'staff') = 'true');";
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: 1, severity: 'high' });
  });
});
