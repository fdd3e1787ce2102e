import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'unsupported-reg-type';

describe(RULE, () => {
  it('reports the columns of a reg* type pg_upgrade refuses (splinter 0018), and not regclass/regrole/regtype', async () => {
    const sql =
      'create table public.t (\n  id int primary key,\n  good1 regclass,\n  good2 regrole,\n  good3 regtype,\n  bad1 regproc,\n  bad2 pg_catalog.regconfig\n);\n' +
      'alter table public.t add column bad3 regnamespace;\nalter table public.t alter column good1 type regprocedure;\n';
    const found = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    // One finding per statement, naming its columns.
    expect(found.map((f) => f.line)).toEqual([1, lineOf(sql, 'bad3'), lineOf(sql, 'alter column good1')]);
    expect(found[0]).toMatchObject({ category: 'query', severity: 'medium' });
    expect(found[0].message).toMatch(/^Columns `bad1` \(`regproc`\), `bad2` \(`regconfig`\) of `public.t`[\s\S]*pg_upgrade refuses/);
    expect(found[0].message).not.toContain('good');
  });

  it('is silent on supported reg* types and on a column of an earlier migration', async () => {
    const ok = 'create table public.t (id int primary key, rel regclass, who regrole, kind regtype);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', ok)])).toEqual([]);
    const earlier = { 'supabase/migrations/20240101000000_a.sql': 'create table public.t (id int primary key, f regproc);\n' };
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'alter table public.t add column note text;\n')], earlier)).toEqual([]);
  });
});
