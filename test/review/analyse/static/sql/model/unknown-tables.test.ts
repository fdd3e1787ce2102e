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
