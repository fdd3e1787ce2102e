import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'table-without-key';

describe(RULE, () => {
  it('reports a table created with no primary key and no unique constraint (splinter 0004), with the composite key of a link table', async () => {
    const sql = 'create table public.foo (id int primary key);\ncreate table public.links (\n  foo_id int references public.foo (id),\n  user_id uuid references auth.users (id)\n);\n';
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create table public.links'), category: 'query', severity: 'low' });
    expect(f.message).toMatch(/no primary key and no unique constraint: nothing stops duplicate rows[\s\S]*`primary key \(foo_id, user_id\)`/);
  });

  it('is silent on a key added later in the pull request, a unique constraint or index, a partition, and a table of an earlier migration', async () => {
    const cases = [
      'create table public.bar (id int);\nalter table public.bar add primary key (id);\n',
      'create table public.bar (code text unique);\n',
      'create table public.bar (a int, b int);\ncreate unique index bar_ab on public.bar (a, b);\n',
      'create table public.m (id int, at date, primary key (id, at)) partition by range (at);\ncreate table public.m_2025 partition of public.m for values from (\'2025-01-01\') to (\'2026-01-01\');\n',
    ];
    for (const sql of cases) expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    const earlier = { 'supabase/migrations/20240101000000_a.sql': 'create table public.bar (id int);\n' };
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'alter table public.bar add column note text;\n')], earlier)).toEqual([]);
  });

  it('still reports a table whose only unique index is partial (duplicates outside its predicate)', async () => {
    const sql = 'create table public.bar (id int, active bool);\ncreate unique index bar_active on public.bar (id) where active;\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });

  it("leaves the tables of schemas extensions and the platform own (a dump's extensions.wrappers_fdw_stats)", async () => {
    const sql = 'create schema if not exists extensions;\ncreate table extensions.wrappers_fdw_stats (fdw_name text, rows_in bigint);\ncreate table public.events (name text);\n';
    const found = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(found.map((f) => f.message.match(/`([\w.]+)`/)?.[1])).toEqual(['public.events']);
  });

  it('keeps the key of a renamed table when a new table takes its old name (PostgreSQL names the new key `<table>_pkey1`)', async () => {
    const renamed = 'create table public.templates (id int, primary key (id));\nalter table public.templates rename to workflows;\ncreate table public.templates (id int primary key, name text);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', renamed)])).toEqual([]);
    // Dropping the constraints by the names PostgreSQL gave them takes each table's key, and only that one.
    const oldDropped = `${renamed}alter table public.workflows drop constraint templates_pkey;\n`;
    const newDropped = `${renamed}alter table public.templates drop constraint templates_pkey1;\n`;
    const tables = async (sql: string) => (await findingsOf(RULE, [migration('20250101000000_a', sql)])).map((f) => f.message.match(/`([\w.]+)`/)?.[1]);
    expect(await tables(oldDropped)).toEqual(['public.workflows']);
    expect(await tables(newDropped)).toEqual(['public.templates']);
  });
});
