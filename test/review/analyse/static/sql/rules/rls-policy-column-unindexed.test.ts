import { findingsOf, migration } from '../run-sql.js';

const RULE = 'rls-policy-column-unindexed';
const TABLE = 'create table public.docs (id int primary key, author uuid not null default auth.uid());\nalter table public.docs enable row level security;\n';
const POLICY = 'create policy "mine" on public.docs for select to authenticated using ((select auth.uid()) = author);';

describe(RULE, () => {
  it('reports a policy column with no index', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}${POLICY}`)]);
    expect(f).toMatchObject({ line: 3, category: 'query', severity: 'low' });
    expect(f.message).toContain('create index on public.docs (author)');
  });

  it('accepts an index on the column', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create index on public.docs (author);\n${POLICY}`)])).toEqual([]);
  });

  it('leaves foreign-key columns to unindexed-foreign-key', async () => {
    const sql = TABLE.replace('default auth.uid()', 'references auth.users (id)') + POLICY;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
