import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-disabled-on-exposed-table';

describe(RULE, () => {
  it('reports a table created in an exposed schema that never gets RLS, naming sensitive columns', async () => {
    const sql = `-- customers\ncreate table public.customers (\n  id uuid primary key,\n  email text not null,\n  api_token text\n);\n`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_customers', sql)]);
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ line: 2, category: 'rls', severity: 'high' });
    expect(f.message).toContain('`email`');
    expect(f.message).toContain('`api_token`');
  });

  it('accepts RLS enabled in a later migration of the same pull request', async () => {
    const found = await findingsOf(RULE, [
      migration('20250101000000_a', 'create table orders (id bigint primary key);'),
      migration('20250101000001_b', 'alter table public.orders enable row level security;'),
    ]);
    expect(found).toEqual([]);
  });

  it('ignores tables in schemas the API does not expose', async () => {
    const config = '[api]\nschemas = ["public"]\n';
    const found = await findingsOf(RULE, [migration('20250101000000_a', 'create schema private;\ncreate table private.events (id int);')], {
      'supabase/config.toml': config,
    });
    expect(found).toEqual([]);
  });

  it('follows a custom exposed schema from config.toml', async () => {
    const config = '[api]\nschemas = ["api"]\n';
    const found = await findingsOf(RULE, [migration('20250101000000_a', 'create table api.events (id int);\ncreate table public.x (id int);')], {
      'supabase/config.toml': config,
    });
    expect(found.map((f) => f.line)).toEqual([1]);
  });

  it('honours revoking the table from anon and authenticated', async () => {
    const sql = 'create table public.jobs (id int);\nrevoke all on table public.jobs from anon, authenticated;';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('still reports when only anon is revoked, for signed-in users', async () => {
    const sql = 'create table public.jobs (id int);\nrevoke all on table public.jobs from anon;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f.message).toContain('every signed-in user');
  });

  it('reports disabling RLS in the pull request, not the pre-existing create', async () => {
    const before = existing({ '20240101000000_a': 'create table public.scores (id int);\nalter table public.scores enable row level security;' });
    const sql = '-- open up\nalter table public.scores disable row level security;\n';
    const found = await findingsOf(RULE, [migration('20250101000000_b', sql)], before);
    expect(found.map((f) => f.line)).toEqual([lineOf(sql, 'disable')]);
  });

  it('never reports a pre-existing table without RLS when the pull request does not touch it', async () => {
    const before = existing({ '20240101000000_a': 'create table public.legacy (id int);' });
    const found = await findingsOf(RULE, [migration('20250101000000_b', 'create table public.ok (id int);\nalter table ok enable row level security;')], before);
    expect(found).toEqual([]);
  });

  it('does not treat a plain Postgres project (no Supabase markers) as exposed', async () => {
    const found = await findingsOf(RULE, [{ path: 'db/migrations/001_init.sql', head: 'create table orders (id int);' }]);
    expect(found).toEqual([]);
  });
});
