import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'unindexed-foreign-key';

describe(RULE, () => {
  it('reports a foreign key column with no index at its table', async () => {
    const sql = 'create table public.orders (id uuid primary key);\n\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid not null references public.orders (id)\n);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create table public.items'), category: 'query' });
    expect(f.message).toContain('create index on public.items (order_id)');
  });

  it('counts a partial index leading with the key (the queries it serves carry its predicate), not one leading with another column', async () => {
    const table = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid not null references public.orders (id),\n  deleted_at timestamptz\n);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${table}create index items_live_order on public.items (order_id) where deleted_at is null;`)])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${table}create index items_live on public.items (deleted_at, order_id) where deleted_at is null;`)])).toHaveLength(1);
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

  it('leaves the keys of a catalogue named per parent (unique name or kind with the key), unless the parent is a person', async () => {
    const parents = 'create table public.projects (id int primary key);\ncreate table public.sources (id int primary key);\ncreate table public.users (id uuid primary key);\n';
    const named = `${parents}create table public.data_format (\n  id int primary key,\n  name text,\n  project_id int references public.projects (id),\n  unique (name, project_id)\n);`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', named)])).toEqual([]);
    const kind = `${parents}create table public.prompt (id int primary key, genai_type int, enabled boolean, project_id int references public.projects (id), unique (genai_type, project_id, enabled));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', kind)])).toEqual([]);
    // Unique per name and time, or per user: rows grow without bound, the key is reported.
    const timed = named.replace('unique (name, project_id)', 'created_at timestamptz,\n  unique (name, project_id, created_at)');
    expect(await findingsOf(RULE, [migration('20250101000000_a', timed)])).toHaveLength(1);
    const perUser = named.replace('project_id int references public.projects (id)', 'project_id int references public.users (id)');
    expect(await findingsOf(RULE, [migration('20250101000000_a', perUser)])).toHaveLength(1);
  });

  it('counts a primary key made from an existing unique index (`primary key using index`, as `supabase db diff` writes it)', async () => {
    const sql =
      'create table public.users (id uuid primary key);\ncreate table public.usage (user_id uuid not null, day date not null);\n' +
      'create unique index usage_pkey on public.usage using btree (user_id, day);\n' +
      'alter table public.usage add constraint usage_pkey primary key using index usage_pkey;\n' +
      'alter table public.usage add constraint usage_user_fk foreign key (user_id) references public.users (id) not valid;';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    // The adopted index keeps its columns: a key on its second column is still unindexed.
    const second = sql.replace('(user_id, day)', '(day, user_id)');
    expect(await findingsOf(RULE, [migration('20250101000000_a', second)])).toHaveLength(1);
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

describe(`${RULE} on a composite key`, () => {
  // The check PostgreSQL runs for the key compares every column by equality (`foo = $1 and bar = $2`),
  // which a btree on (bar, foo) answers with both columns as index conditions, as one on (foo, bar) does.
  it('accepts an index on the key columns in another order, and reports one that covers only some of them', async () => {
    const sql = (index: string) =>
      `create table public.aaa (foo int, bar int, primary key (foo, bar));\ncreate table public.bbb (id int primary key, foo int, bar int, foreign key (foo, bar) references public.aaa (foo, bar));\n${index}`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql('create index on public.bbb (bar, foo);'))])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql('create index on public.bbb (bar, id, foo);'))])).toHaveLength(1);
  });

  it('accepts an index of its own leading with each key column (combined by a bitmap AND), not one of them alone', async () => {
    const sql = (index: string) =>
      `create table public.aaa (foo int, bar int, primary key (foo, bar));\ncreate table public.bbb (id int primary key, foo int, bar int, foreign key (foo, bar) references public.aaa (foo, bar));\n${index}`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql('create index on public.bbb (foo);\ncreate index on public.bbb (bar, id);'))])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql('create index on public.bbb (foo);'))])).toHaveLength(1);
  });
});
