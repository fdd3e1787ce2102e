import { findingsOf, lineOf, migration, runSql } from '../../run-sql.js';

const RULE = 'materialized-view-in-api';

describe(RULE, () => {
  it('reports a materialized view the API roles can select in an exposed schema (splinter 0016)', async () => {
    const sql = 'create materialized view public.my_view as select 1;\n';
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 1, category: 'rls', severity: 'low' });
    expect(f.message).toMatch(/anon and authenticated can select it: row level security does not apply to a materialized view/);
  });

  it('raises it to medium when it copies a relation of a schema the API does not serve', async () => {
    const sql = 'create schema private;\ncreate table private.orders (id int primary key, total int);\ncreate materialized view public.totals as select sum(total) from private.orders;\n';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create materialized view'), severity: 'medium' });
    expect(f.message).toContain('copied from `private.orders`, which the API does not serve');
  });

  it('is silent once SELECT is revoked from the API roles, in a private schema, and for a plain view', async () => {
    const revoked = 'create materialized view public.my_view as select 1;\nrevoke select on public.my_view from anon, authenticated, public;\n';
    const privateSchema = 'create schema private;\ncreate materialized view private.my_view as select 1;\n';
    const plain = 'create view public.my_view as select 1;\n';
    for (const sql of [revoked, privateSchema, plain]) expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('leaves a materialized view over RLS-protected rows to security-definer-view: one comment, at high', async () => {
    const sql =
      'create table public.notes (id int primary key, owner_id uuid);\nalter table public.notes enable row level security;\n' +
      'create policy "own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);\n' +
      'create materialized view public.note_counts as select owner_id, count(*) from public.notes group by owner_id;\n';
    const result = await runSql([migration('20250101000000_a', sql)]);
    const line = lineOf(sql, 'create materialized view');
    expect(result.findings.filter((f) => f.line === line).map((f) => [f.rule, f.severity])).toEqual([['security-definer-view', 'high']]);
  });
});
