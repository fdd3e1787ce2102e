import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'concurrent-index-in-transaction';
const BEFORE = existing({ '20240101000000_a': 'create table public.events (id int, kind text);' });

describe(RULE, () => {
  it('reports a concurrent index sharing a Supabase migration file with other statements', async () => {
    const sql = 'alter table public.events add column source text;\n\ncreate index concurrently events_source_idx on public.events (source);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(f).toMatchObject({ line: lineOf(sql, 'concurrently'), category: 'query' });
    expect(f.message).toContain('Supabase CLI');
  });

  it('reports one after an explicit BEGIN in any migration folder', async () => {
    const sql = 'begin;\ncreate index concurrently i on events (kind);\ncommit;';
    const found = await findingsOf(RULE, [{ path: 'db/migrations/002_idx.sql', head: sql }], { 'db/migrations/001.sql': 'create table events (id int, kind text);' });
    expect(found.map((f) => f.line)).toEqual([2]);
  });

  it('reports Alembic concurrent builds outside autocommit_block', async () => {
    const revision = 'def upgrade():\n    op.create_index("ix", "events", ["kind"], postgresql_concurrently=True)\n';
    const [f] = await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision }], BEFORE);
    expect(f.line).toBe(2);
    expect(f.message).toContain('autocommit_block');
  });

  it.each([
    ['alone in its own file', 'create index concurrently if not exists i on public.events (kind);'],
    ['a dbmate file that turns the transaction off', '-- migrate:up transaction:false\ncreate index concurrently i on public.events (kind);\ndrop index concurrently j;'],
  ])('ignores a concurrent index %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
  });

  it('ignores Alembic builds on a connection set to AUTOCOMMIT, and reports one on the revision connection', async () => {
    const revision = (conn: string) =>
      `def upgrade():\n    connection = op.get_bind()\n    connection.commit()\n    ${conn}\n    conn.exec_driver_sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON events (kind)")\n`;
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision('conn = connection.execution_options(isolation_level="AUTOCOMMIT")') }], BEFORE)).toEqual([]);
    const inline = 'def upgrade():\n    op.get_bind().execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("create index concurrently ix on events (kind)")\n';
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: inline }], BEFORE)).toEqual([]);
    expect((await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision('conn = connection') }], BEFORE)).map((f) => f.line)).toEqual([5]);
  });

  it('ignores Alembic builds inside autocommit_block', async () => {
    const revision = 'def upgrade():\n    with op.get_context().autocommit_block():\n        op.execute("create index concurrently ix on events (kind)")\n';
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision }], BEFORE)).toEqual([]);
  });
});
