import { existing, findingsOf, migration } from '../../run-sql.js';

const RULE = 'adding-required-field';
const BEFORE = existing({ '20240101000000_a': 'create table public.invoices (id int, memo text);' });

describe(RULE, () => {
  it('reports ADD COLUMN NOT NULL without a default on an existing table', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', '\nalter table public.invoices add column currency char(3) not null;')], BEFORE);
    expect(f).toMatchObject({ line: 2, category: 'query', severity: 'high' });
  });

  it.each([
    ['a volatile default', 'alter table public.invoices add column ref uuid default gen_random_uuid();'],
    ['a serial column', 'alter table public.invoices add column seq bigserial;'],
    ['SET NOT NULL', 'alter table public.invoices alter column memo set not null;'],
  ])('reports %s as a medium lock risk', async (_name, sql) => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(f.severity).toBe('medium');
  });

  it.each([
    ['a nullable column', 'alter table public.invoices add column fx numeric(12, 6);'],
    ['NOT NULL with a constant default', "alter table public.invoices add column flag boolean not null default false;"],
    ['NOT NULL with now()', 'alter table public.invoices add column at timestamptz not null default now();'],
    ['a table created in the same file', 'create table public.t (a int);\nalter table public.t add column b int not null;'],
    ['SET NOT NULL after a validated check', 'alter table public.invoices add constraint memo_nn check (memo is not null) not valid;\nalter table public.invoices validate constraint memo_nn;\nalter table public.invoices alter column memo set not null;'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
  });
});

describe(`${RULE} and the comment above the statement`, () => {
  const notNull = 'alter table public.invoices add column currency char(3) not null;';
  const rewrite = 'alter table public.invoices add column ref uuid default gen_random_uuid();';

  it('keeps NOT NULL without a default on a table called small: it still fails on the first row', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- invoices is small.\n${notNull}`)], BEFORE)).toHaveLength(1);
  });

  it('drops NOT NULL without a default on a table the comment says is empty', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- invoices is still empty (billing launches next week).\n${notNull}`)], BEFORE)).toEqual([]);
  });

  it('drops a rewrite the comment accepts, and keeps one it does not speak about', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- Maintenance window: the rewrite lock is fine.\n${rewrite}`)], BEFORE)).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- New reference for the ledger export.\n${rewrite}`)], BEFORE)).toHaveLength(1);
  });
});
