import { findingsOf, migration, runSql } from '../../run-sql.js';

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

describe('rls-policy-column-unindexed on a policy another rule asks to rewrite', () => {
  it('leaves the index advice to the user_metadata finding', async () => {
    const sql =
      'create table public.tickets (id int primary key, assignee uuid);\nalter table public.tickets enable row level security;\n' +
      "create policy \"agents\" on public.tickets for select using (assignee = (select auth.uid()) or (select auth.jwt() -> 'user_metadata' ->> 'role') = 'agent');";
    const result = await runSql([migration('20250101000000_a', sql)]);
    expect(result.findings.map((f) => f.rule)).toEqual(['rls-policy-references-user-metadata']);
    expect(result.findings[0].message).toContain('create index on public.tickets (assignee)');
  });
});
