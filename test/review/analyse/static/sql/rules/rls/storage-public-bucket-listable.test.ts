import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'storage-public-bucket-listable';
const PUBLIC = "insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);\n";

describe(RULE, () => {
  it('reports a SELECT policy that admits every object of a public bucket: clients can list it (splinter 0025)', async () => {
    const sql = `${PUBLIC}create policy "read avatars" on storage.objects\n  for select to authenticated\n  using (bucket_id = 'avatars');\n`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls', severity: 'medium' });
    expect(f.message).toMatch(/public bucket `avatars`[\s\S]*can list the name and path of every file/);
  });

  it('reports a FOR ALL policy on the bucket and a using (true) SELECT policy, the bucket created in an earlier migration', async () => {
    const all = "create policy \"manage\" on storage.objects for all to authenticated using ((bucket_id = 'avatars'));\n";
    const open = 'create policy "read all" on storage.objects for select using (true);\n';
    for (const sql of [all, open]) {
      const found = await findingsOf(RULE, [migration('20250102000000_b', sql)], { 'supabase/migrations/20250101000000_a.sql': PUBLIC });
      expect(found).toHaveLength(1);
    }
  });

  it('is silent on a private bucket, a policy scoped to a path or the owner, a restrictive or INSERT policy, and another bucket', async () => {
    const cases = [
      `${PUBLIC.replace('true', 'false')}create policy "read" on storage.objects for select to authenticated using (bucket_id = 'avatars');\n`,
      `${PUBLIC}create policy "read" on storage.objects for select to authenticated using (bucket_id = 'avatars' and name like 'public/%');\n`,
      `${PUBLIC}create policy "read" on storage.objects for select to authenticated using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);\n`,
      `${PUBLIC}create policy "read" on storage.objects as restrictive for select to authenticated using (bucket_id = 'avatars');\n`,
      `${PUBLIC}create policy "add" on storage.objects for insert to authenticated with check (bucket_id = 'avatars');\n`,
      `${PUBLIC}create policy "read" on storage.objects for select to authenticated using (bucket_id = 'documents');\n`,
    ];
    for (const sql of cases) expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
