import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

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

  it('reports an anonymous alternative beside an ownership check: every anon-key request passes it', async () => {
    const open = `${TABLE}create policy "own or dashboard" on public.notes\n  for select\n  using (\n    ((select auth.uid()) = owner_id)\n    or (auth.uid() is null)\n  );`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', open)]);
    expect(f).toMatchObject({ line: lineOf(open, 'create policy'), severity: 'high' });
    expect(f!.message).toContain('auth.uid() is null');
    expect(f!.message).toContain('anon key');
    expect(f!.message).toContain('anyone can read any row');
    const anonRole = `${TABLE}create policy "p" on public.notes for update to anon, authenticated using (owner_id = auth.uid() or auth.role() = 'anon');`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', anonRole)])).toHaveLength(1);
    // Signed-in callers only, the null test inside a conjunction with ownership, or the null test negated: nothing.
    for (const clause of [
      'for select to authenticated using ((select auth.uid()) = owner_id or auth.uid() is null)',
      'for select using (auth.uid() is null and owner_id is null)',
      'for select using ((select auth.uid()) = owner_id and auth.uid() is not null)',
    ]) {
      expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create policy "p" on public.notes ${clause};`)])).toEqual([]);
    }
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

  it('does not count columns that only point at or describe such a value (token_id, token_identifier, email_verified)', async () => {
    const cols = 'id uuid primary key, token_id uuid, token_identifier text, email_verified boolean, is_phone_public boolean, password_hash text';
    const sql = `create table public.holders (${cols});\nalter table public.holders enable row level security;\ncreate policy "everyone reads" on public.holders for select using (true);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.message).toContain('`password_hash`');
    expect(f.message).not.toMatch(/token_id|email_verified|is_phone_public/);
    const noHash = sql.replace(', password_hash text', '');
    expect(await findingsOf(RULE, [migration('20250101000000_a', noHash)])).toEqual([]);
  });

  it('does not count a boolean column or a flag named after such a value (api_key_set, email_public boolean, secret_rotated_at)', async () => {
    const cols = 'id uuid primary key, api_key_set boolean, email_public boolean, secret_rotated_at timestamptz, token_count int, api_token text';
    const sql = `create table public.keys (${cols});\nalter table public.keys enable row level security;\ncreate policy "everyone reads" on public.keys for select using (true);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.message).toContain('`api_token`');
    expect(f.message).not.toMatch(/api_key_set|email_public|secret_rotated_at|token_count/);
    const noToken = sql.replace(', api_token text', '');
    expect(await findingsOf(RULE, [migration('20250101000000_a', noToken)])).toEqual([]);
  });
});

describe(`${RULE} on SELECT policies that open private rows`, () => {
  const TASTINGS =
    'create table public.tastings (id bigint primary key, member_id uuid not null, wine text, score int);\n' +
    'alter table public.tastings enable row level security;\n';
  const OWN_READS = 'create policy "own and shared" on public.tastings for select to authenticated using (member_id = (select auth.uid()) or score > 90);\n';
  const before = existing({ '20240101000000_a': `${TASTINGS}${OWN_READS}` });
  const openSelect = 'create policy "feed" on public.tastings\n  for select to authenticated\n  using (true);';

  it('reports SELECT using (true) on a table whose rows belong to a parent its policies scope, and suggests scoping through the parent; not under an open or unprotected parent, nor when anon may read it too', async () => {
    const parent = (policy: string) =>
      'create table public.app_versions (id bigint primary key, owner_org uuid not null);\n' +
      'alter table public.app_versions enable row level security;\n' +
      `create policy "org members read versions" on public.app_versions for select to authenticated using (${policy});\n`;
    const child =
      'create table public.manifest (id int primary key, app_version_id bigint not null references public.app_versions(id), file_name text);\n' +
      'alter table public.manifest enable row level security;\n' +
      'create policy "read any manifest" on public.manifest for select to authenticated using (true);\n';
    const scoped = parent("owner_org in (select org_id from public.members where user_id = (select auth.uid()))");
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', scoped + child)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(scoped + child, 'create policy "read any manifest"'), severity: 'high' });
    expect(f.message).toContain('`public.app_versions` through `app_version_id`');
    expect(f.message).toContain('exists (select 1 from public.app_versions p where p.id = app_version_id)');
    expect(await findingsOf(RULE, [migration('20250101000000_a', parent('true') + child)])).toEqual([]);
    // Opened to anon as well, the rows are published on purpose (votes, holders of a public ledger).
    expect(await findingsOf(RULE, [migration('20250101000000_a', scoped + child.replace('to authenticated using (true)', 'to anon, authenticated using (true)'))])).toEqual([]);
    const unprotected = 'create table public.app_versions (id bigint primary key, owner_org uuid not null);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', unprotected + child)])).toEqual([]);
  });

  it('reports a SELECT using (true) that replaces a filtering SELECT policy, at high, on the create policy line', async () => {
    const sql = `-- faster feed\ndrop policy "own and shared" on public.tastings;\n\n${openSelect}`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'high' });
    expect(f.message).toContain('replaces "own and shared"');
    expect(f.message).toContain('member_id = (select auth.uid())');
  });

  it('reports an ALTER POLICY that turns a filtering SELECT policy into using (true)', async () => {
    const sql = 'alter policy "own and shared" on public.tastings using (true);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(f).toMatchObject({ line: 1, severity: 'high' });
  });

  it.each([
    ['is_private', 'is_private boolean not null default false', 'not is_private'],
    ['visibility', "visibility text not null default 'members'", "visibility = 'public'"],
    ['is_published', 'is_published boolean not null default false', 'is_published or'],
  ])('reports SELECT using (true) on a table with a %s flag, at high', async (_name, column, filter) => {
    const sql = `create table public.posts (id bigint primary key, author_id uuid references auth.users (id), ${column});\nalter table public.posts enable row level security;\ncreate policy "read" on public.posts for select to anon, authenticated using (true);`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: 3, severity: 'high' });
    expect(f.message).toContain('anon key');
    expect(f.message).toContain(filter);
  });

  it.each([
    ['reference data', 'create table public.colors (slug text primary key, hex text);\nalter table public.colors enable row level security;\ncreate policy "read" on public.colors for select to anon, authenticated using (true);'],
    // A ride board or a public profile directory is per-user and public by design: an owner column alone says nothing.
    ['a public board with an owner column', 'create table public.rides (id bigint primary key, driver_id uuid references auth.users (id), origin text);\nalter table public.rides enable row level security;\ncreate policy "board" on public.rides for select to authenticated using (true);'],
    ['a restrictive policy that still filters', `create table public.docs (id int, is_private boolean);\nalter table public.docs enable row level security;\ncreate policy "all" on public.docs for select to authenticated using (true);\ncreate policy "gate" on public.docs as restrictive for select to authenticated using (not is_private);`],
  ])('ignores SELECT using (true) on %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('ignores a replaced policy that was open already, or only governed writes', async () => {
    const openBefore = existing({
      '20240101000000_a': `${TASTINGS}create policy "old feed" on public.tastings for select using (true);\ncreate policy "own edits" on public.tastings for update using (member_id = (select auth.uid()));\n`,
    });
    const sql = `drop policy "old feed" on public.tastings;\ndrop policy "own edits" on public.tastings;\n${openSelect}`;
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], openBefore)).toEqual([]);
  });

  it('ignores a drop the pull request did not make', async () => {
    const earlier = existing({ '20240101000000_a': `${TASTINGS}${OWN_READS}`, '20240201000000_b': 'drop policy "own and shared" on public.tastings;' });
    const sql = `${openSelect.replace('"feed"', '"feed2"')}`;
    expect(await findingsOf(RULE, [migration('20250101000000_c', sql)], earlier)).toEqual([]);
  });
});

describe(`${RULE} on write policies that never ask who the caller is`, () => {
  const DOCS = 'create table public.docs (id bigint primary key, owner_id uuid, team_id bigint, is_private boolean);\nalter table public.docs enable row level security;\n';

  it.each([
    ['a storage delete that only checks the bucket', "create policy \"del\" on storage.objects for delete to authenticated using (bucket_id = 'avatars');"],
    ['an update picked by a row flag', `${DOCS}create policy "u" on public.docs for update to authenticated using (is_private = false);`],
    ['a bucket check next to a signed-in check', "create policy \"d\" on storage.objects for delete using (bucket_id = 'avatars' and auth.role() = 'authenticated');"],
    ['a sub-select that never names the caller', `${DOCS}create policy "a" on public.docs for all to authenticated using (exists (select 1 from public.teams t where t.id = docs.team_id));`],
  ])('reports %s', async (_name, sql) => {
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), severity: 'high' });
    expect(f.message).toContain('never checks who the caller is');
  });

  it.each([
    ['an owner check', `${DOCS}create policy "u" on public.docs for update to authenticated using (owner_id = (select auth.uid()));`],
    ['a helper that may check the caller', `${DOCS}create policy "d" on public.docs for delete to authenticated using (public.is_team_admin(team_id));`],
    ['a membership sub-select on the caller', `${DOCS}create policy "a" on public.docs for all using (exists (select 1 from public.members m where m.team_id = docs.team_id and m.user_id = (select auth.uid())));`],
    ['an insert into a bucket (storage sets the owner)', "create policy \"i\" on storage.objects for insert to authenticated with check (bucket_id = 'avatars');"],
    ['an own-folder storage update', "create policy \"u\" on storage.objects for update to authenticated using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);"],
    ['a policy that is never true', `${DOCS}create policy "none" on public.docs for delete to authenticated using (false);`],
    ['a service-role policy', "create policy \"svc\" on storage.objects for delete to service_role using (bucket_id = 'avatars');"],
    [
      'a bucket policy bounded by a restrictive owner policy',
      "create policy \"d\" on storage.objects for delete to authenticated using (bucket_id = 'avatars');\n" +
        'create policy "own" on storage.objects as restrictive for delete to authenticated using (owner_id = (select auth.uid())::text);',
    ],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});

describe(`${RULE} on tables whose RLS is off`, () => {
  const OPEN = 'create policy "open" on public.notes for update to authenticated using (true);';

  it('leaves a policy of a table the migrations left without RLS to policy-exists-rls-disabled', async () => {
    const sql = `create table public.notes (id int, owner_id uuid);\n${OPEN}`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    expect((await findingsOf('policy-exists-rls-disabled', [migration('20250101000000_a', sql)])).map((f) => f.line)).toEqual([2]);
  });

  it('still reports it on a table no migration created (its RLS is unknown)', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', OPEN)])).toHaveLength(1);
  });

  it('reports it once the same pull request enables RLS', async () => {
    const sql = `create table public.notes (id int, owner_id uuid);\n${OPEN}\nalter table public.notes enable row level security;`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });
});

describe(`${RULE} on an INSERT policy without WITH CHECK`, () => {
  // PostgreSQL admits no row through a permissive INSERT policy that has no WITH CHECK (it needs a qual to pass).
  it('does not call it open', async () => {
    const sql = `${TABLE}create policy "ins" on public.notes for insert to authenticated;`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
