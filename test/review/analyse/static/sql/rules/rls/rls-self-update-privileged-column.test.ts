import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-self-update-privileged-column';
const TABLE =
  "create table public.profiles (id uuid primary key references auth.users, full_name text, role text not null default 'member', is_admin boolean not null default false);\nalter table public.profiles enable row level security;\n";
const POLICY = 'create policy "Users can update own profile" on public.profiles for update to authenticated using ((select auth.uid()) = id);';

describe(RULE, () => {
  it('reports an update-own-row policy on a table with role and is_admin columns', async () => {
    const sql = `${TABLE}${POLICY}`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'high' });
    expect(f.message).toContain('`role` and `is_admin`');
  });

  it('reports the columns still open when only some are pinned in WITH CHECK', async () => {
    const sql = `${TABLE}create policy "p" on public.profiles for update using (auth.uid() = id) with check (auth.uid() = id and role = 'member');`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.message).toContain('`is_admin`');
    expect(f.message).not.toContain('`role`');
  });

  it.each([
    ['column-level UPDATE grants', `${POLICY}\nrevoke update on public.profiles from anon, authenticated;\ngrant update (full_name) on public.profiles to authenticated;`],
    ['a BEFORE UPDATE guard trigger', `${POLICY}\ncreate trigger keep_role before update on public.profiles for each row execute function public.keep_role();`],
    ['an admin-only policy', "create policy \"admins\" on public.profiles for update using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');"],
    ['a SELECT policy', 'create policy "read own" on public.profiles for select using ((select auth.uid()) = id);'],
  ])('ignores %s', async (_name, extra) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}${extra}`)])).toEqual([]);
  });

  it('ignores tables without privilege columns', async () => {
    const sql = 'create table public.notes (id int, owner uuid, body text);\nalter table public.notes enable row level security;\ncreate policy "p" on public.notes for update using ((select auth.uid()) = owner);';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
