import { sqlRules } from '../../../../../src/review/analyse/static/sql/index.js';
import { existing, lineOf, migration, runSql } from './run-sql.js';

describe('analyseSql', () => {
  it('has nothing to say when no migration changed', async () => {
    const result = await runSql([{ path: 'app/main.py', head: 'import fastapi\n' }]);
    expect(result).toMatchObject({ status: 'ok', findings: [] });
  });

  it('reports only on lines the pull request added', async () => {
    const base = 'create table public.a (id int primary key);\n';
    const head = `${base}create table public.b (id int primary key);\n`;
    const result = await runSql([migration('20250101000000_a', head, base)]);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['rls-disabled-on-exposed-table', 2]]);
  });

  it('reports an edited clause at its line, and not a table problem the edit did not write', async () => {
    const base = 'create table public.a (\n  id int\n);\nalter table public.a enable row level security;\ncreate policy p on public.a for update to authenticated\n  using ((select auth.uid()) = owner);\n';
    const head = 'create table public.a (\n  id int,\n  owner uuid references auth.users (id)\n);\nalter table public.a enable row level security;\ncreate policy p on public.a for update to authenticated\n  using (true);\n';
    const result = await runSql([migration('20250101000000_a', head, base)]);
    expect(result.findings.map((f) => [f.rule, f.line]).sort()).toEqual([
      ['rls-policy-always-true', lineOf(head, 'using (true)')],
      ['unindexed-foreign-key', lineOf(head, 'owner uuid')],
    ]);
  });

  it('skips a statement that does not parse with a note, and still reviews the rest', async () => {
    const sql = 'create tabel broken (id int);\ncreate table public.ok (id int primary key);';
    const result = await runSql([migration('20250101000000_a', sql)]);
    expect(result.notes).toEqual([expect.objectContaining({ path: 'supabase/migrations/20250101000000_a.sql', line: 1 })]);
    expect(result.findings.map((f) => f.line)).toEqual([lineOf(sql, 'public.ok')]);
  });

  it('sums up what it could not read in migrations the PR did not touch in one note', async () => {
    const before = existing({
      '20240101000000_a': 'create table public.a (id int) engine = x;\ncreate table public.b (id int) engine = x;\n',
      '20240102000000_b': 'create tabel c (id int);\n',
    });
    const result = await runSql([migration('20250101000000_c', 'create tabel d (id int);\n')], before);
    expect(result.notes).toEqual([
      expect.objectContaining({ path: 'supabase/migrations/20250101000000_c.sql', line: 1 }),
      {
        message:
          '3 statements or operations in 2 unchanged migration files could not be read; the tables they touch are treated as unknown, never as missing an index or a policy',
      },
    ]);
    expect(result.status).toBe('ok');
  });

  it('reviews Alembic revisions at the line of the op call', async () => {
    const before = existing({ '20240101000000_a': 'create table public.orders (id int, status text);\nalter table public.orders enable row level security;' });
    const revision = 'from alembic import op\n\nrevision = "b"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_index("ix_status", "orders", ["status"])\n';
    const result = await runSql([{ path: 'alembic/versions/b_status.py', head: revision }], before);
    expect(result.findings.map((f) => [f.rule, f.line, f.suggestion])).toEqual([['require-concurrent-index', 8, undefined]]);
  });

  it('turns the rules off that the repository config disables', async () => {
    const { changeSet, repo } = (await import('../../../../helpers/change-set.js')).makeChangeSet([migration('20250101000000_a', 'create table public.t (id int primary key);')]);
    const { analyseSql } = await import('../../../../../src/review/analyse/static/sql/index.js');
    const { defaultSettings } = await import('../../../../../src/config/repo-config.js');
    const { silentLog } = await import('../../../../../src/domain/logger.js');
    const settings = { ...defaultSettings(), rules: { 'rls-disabled-on-exposed-table': 'off' as const } };
    const result = await analyseSql({ changeSet, repo, settings, log: silentLog, previous: [] });
    expect(result.findings).toEqual([]);
  });

  it('exports one RuleMeta per rule with unique ids and the corpus categories', () => {
    const ids = sqlRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const category = Object.fromEntries(sqlRules.map((r) => [r.id, r.category]));
    expect(category['rls-initplan-auth-call']).toBe('query');
    expect(category['function-search-path-mutable']).toBe('rls');
    expect(sqlRules.every((r) => r.rationale.length > 80 && r.title.length > 0)).toBe(true);
  });
});
