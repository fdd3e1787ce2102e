import { existing, findingsOf, migration } from '../../run-sql.js';

const RULE = 'grant-to-anon';
const OPEN = existing({ '20240101000000_a': 'create table public.scores (id int, email text);' });
const PROTECTED = existing({ '20240101000000_a': 'create table public.scores (id int);\nalter table public.scores enable row level security;' });

describe(RULE, () => {
  it('reports GRANT ALL to anon on a table without RLS', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_g', '\ngrant all on table public.scores to anon;')], OPEN);
    expect(f).toMatchObject({ line: 2, category: 'rls', severity: 'high' });
    expect(f.message).toContain('TRUNCATE');
  });

  it('reports write privileges to authenticated on a table without RLS', async () => {
    const found = await findingsOf(RULE, [migration('20250101000000_g', 'grant insert, update on public.scores to authenticated;')], OPEN);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('every signed-in user');
  });

  it.each([
    ['select only', 'grant select on public.scores to anon;', OPEN],
    ['grants on an RLS-protected table (Supabase default grants)', 'grant all on table public.scores to anon, authenticated;', PROTECTED],
    ['grants to service_role', 'grant all on table public.scores to service_role;', OPEN],
    ['a revoke', 'revoke all on table public.scores from anon;', OPEN],
  ])('ignores %s', async (_name, sql, before) => {
    expect(await findingsOf(RULE, [migration('20250101000000_g', sql)], before)).toEqual([]);
  });
});
