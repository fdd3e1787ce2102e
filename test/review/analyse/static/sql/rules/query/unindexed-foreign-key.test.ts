import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'unindexed-foreign-key';

describe(RULE, () => {
  it('reports a foreign key column with no index at its table', async () => {
    const sql = 'create table public.orders (id uuid primary key);\n\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid not null references public.orders (id)\n);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create table public.items'), category: 'query' });
    expect(f.message).toContain('create index on public.items (order_id)');
  });

  it('leaves audit columns and keys to small lookup tables, still reporting the key to the entity table', async () => {
    const sql =
      'create table public.users (id uuid primary key);\ncreate table public.incident_priority (id int primary key);\n' +
      'create table public.incidents (\n  id bigint primary key,\n  created_by uuid references public.users (id),\n' +
      '  incident_priority_id int references public.incident_priority (id),\n  reporter_id uuid references public.users (id)\n);';
    const found = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(found.map((f) => f.message.match(/`incidents\.(\w+)`/)?.[1])).toEqual(['reporter_id']);
    const lookup = 'create table public.projects (id int primary key);\ncreate table public.case_type (id int primary key, project_id int references public.projects (id));';
    expect(await findingsOf(RULE, [migration('20250101000000_a', lookup)])).toEqual([]);
  });

  it('reports a foreign key added by ALTER TABLE to a pre-existing table', async () => {
    const before = existing({ '20240101000000_a': 'create table public.a (id int primary key);\ncreate table public.b (id int, a_id int);' });
    const found = await findingsOf(RULE, [migration('20250101000000_b', 'alter table public.b add constraint b_a_fk foreign key (a_id) references public.a (id) not valid;')], before);
    expect(found).toHaveLength(1);
  });

  it.each([
    ['an index on the column', 'create index on public.items (order_id);'],
    ['a unique constraint led by the column', 'alter table public.items add constraint u unique (order_id, sku);'],
    ['a composite index led by the column', 'create index on public.items (order_id, sku desc);'],
  ])('accepts %s', async (_name, extra) => {
    const sql = `create table public.orders (id uuid primary key);\ncreate table public.items (id bigint primary key, sku text, order_id uuid references public.orders (id));\n${extra}`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('accepts a primary key that starts with the foreign key, but not one where it comes second', async () => {
    const sql =
      'create table public.reads (user_id uuid references auth.users (id), message_id bigint references public.messages (id), primary key (user_id, message_id));';
    const found = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('message_id');
  });

  it('ignores unindexed foreign keys of unchanged migrations', async () => {
    const before = existing({ '20240101000000_a': 'create table public.a (id int primary key);\ncreate table public.b (a_id int references public.a (id));' });
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'select 1;')], before)).toEqual([]);
  });
});
