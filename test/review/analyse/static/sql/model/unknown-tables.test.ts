import { existing, migration, runSql } from '../run-sql.js';

/** DDL the parser rejects leaves its tables in the model, as not fully known. */
const BROKEN = 'create table public.orders (id bigint primary key, user_id uuid references auth.users (id)) with oids = true engine = x;\n';

describe('tables the model could not read', () => {
  it('takes a table created by DDL that did not parse as new in this PR, never as one missing an index', async () => {
    const sql = `${BROKEN}create index orders_id_idx on public.orders (id);\nalter table public.orders add column shop_id bigint references public.shops (id);\n`;
    const result = await runSql([migration('20250101000000_a', sql)], existing({ '20240101000000_shops': 'create table public.shops (id bigint primary key);\n' }));
    expect(result.notes).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('was not analysed: syntax error') })]);
    expect(result.findings.filter((f) => f.rule !== 'rls-disabled-on-exposed-table')).toEqual([]);
  });

  it('takes it as existing in a later PR: an index built on it locks it', async () => {
    const result = await runSql([migration('20250201000000_b', 'create index orders_user_idx on public.orders (user_id);\n')], existing({ '20250101000000_a': BROKEN }));
    expect(result.findings.map((f) => f.rule)).toEqual(['require-concurrent-index']);
  });

  it('does not report RLS as never enabled on a table whose DDL it could not read', async () => {
    const result = await runSql([migration('20250101000000_a', BROKEN)]);
    expect(result.findings).toEqual([]);
  });
});

describe('absence the model cannot vouch for', () => {
  const TABLE = 'create table public.profiles (id uuid primary key, role text, name text);\nalter table public.profiles enable row level security;\n';
  // A guard written for another engine: the parser rejects it, but it names the table.
  const GUARD = 'create trigger guard_role before update on public.profiles for each row execute function public.keep_role() engine = x;\n';

  it('does not claim a self-update policy leaves a privileged column writable when a trigger it could not read may guard it', async () => {
    const policy = 'create policy "own" on public.profiles for update to authenticated using ((select auth.uid()) = id);\n';
    const open = await runSql([migration('20250101000000_a', `${TABLE}${policy}`)]);
    expect(open.findings.map((f) => f.rule)).toContain('rls-self-update-privileged-column');
    const guarded = await runSql([migration('20250101000000_a', `${TABLE}${GUARD}${policy}`)]);
    expect(guarded.findings.map((f) => f.rule)).not.toContain('rls-self-update-privileged-column');
  });

  it('does not claim SET NOT NULL scans the table when a check it could not read may make the scan unneeded', async () => {
    const before = existing({ '20240101000000_a': `${TABLE}alter table public.profiles add constraint name_nn check (name is not null) engine = x;\n` });
    const result = await runSql([migration('20250101000000_b', 'alter table public.profiles alter column name set not null;\n')], before);
    expect(result.findings.map((f) => f.rule)).not.toContain('adding-required-field');
    const known = await runSql([migration('20250101000000_b', 'alter table public.profiles alter column name set not null;\n')], existing({ '20240101000000_a': TABLE }));
    expect(known.findings.map((f) => f.rule)).toContain('adding-required-field');
  });
});
