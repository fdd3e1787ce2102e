import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'unindexed-foreign-key';

describe(RULE, () => {
  it('reports a foreign key column with no index on the column that declares it', async () => {
    const sql = 'create table public.orders (id uuid primary key);\n\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid not null references public.orders (id)\n);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'order_id uuid'), category: 'query' });
    expect(f.message).toContain('create index on public.items (order_id)');
    // Each key of a table on its own line; a table-level constraint on the constraint's line.
    const many =
      'create table public.users (id uuid primary key);\ncreate table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n' +
      '  created_at timestamptz,\n  order_id uuid references public.orders (id),\n  buyer uuid,\n  constraint items_buyer_fk foreign key (buyer) references public.users (id)\n);';
    const found = await findingsOf(RULE, [migration('20250101000000_a', many)]);
    expect(found.map((x) => x.line).sort()).toEqual([lineOf(many, 'order_id uuid'), lineOf(many, 'constraint items_buyer_fk')].sort());
  });

  it('counts a partial index leading with the key (the queries it serves carry its predicate), not one leading with another column', async () => {
    const table = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid not null references public.orders (id),\n  deleted_at timestamptz\n);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${table}create index items_live_order on public.items (order_id) where deleted_at is null;`)])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${table}create index items_live on public.items (deleted_at, order_id) where deleted_at is null;`)])).toHaveLength(1);
  });

  it('leaves audit columns and keys to small lookup tables, still reporting the key to the entity table', async () => {
    const sql =
      'create table public.users (id uuid primary key);\ncreate table public.incident_priority (id int primary key);\n' +
      'create table public.incidents (\n  id bigint primary key,\n  created_by uuid references public.users (id),\n  archived_by uuid references public.users (id),\n' +
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

  it('accepts a key that holds the table\'s own primary key (a `(kind, id)` subtype key), not one that holds a part of it', async () => {
    const parent = 'create table public.evaluators (id int, kind text, primary key (id), unique (kind, id));\n';
    const subtype = `${parent}create table public.llm_evaluators (id int primary key, kind text not null, foreign key (kind, id) references public.evaluators (kind, id));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', subtype)])).toEqual([]);
    const part = `${parent}create table public.scores (run_id int, id int, kind text, primary key (run_id, id), foreign key (kind, id) references public.evaluators (kind, id));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', part)])).toHaveLength(1);
  });
});

describe(`${RULE} on a table the application has left behind`, () => {
  // A starter kit's catalogue the project never wired up: nothing reads or writes `bundles` or `vouchers`.
  const starter =
    'create table public.bundles (id text primary key, name text);\n' +
    'create table public.vouchers (\n  id text primary key,\n  bundle_id text references public.bundles (id),\n  owner_id uuid references auth.users (id)\n);\n' +
    'alter table public.vouchers enable row level security;\n' +
    'create policy "own vouchers" on public.vouchers for select using (auth.uid() = owner_id);\n';
  const later =
    'create table public.boards (id uuid primary key, owner_id uuid not null);\n' +
    'create table public.cards (id uuid primary key, board_id uuid not null references public.boards (id));\n' +
    'create index on public.cards (board_id);\n';
  const app = {
    'api/boards.py': 'def boards(client, user):\n    return client.table("boards").select("*").eq("owner_id", user).execute()\n',
    'web/src/cards.ts': 'export const cardsOf = (supabase, board) => supabase.from("cards").select("*").eq("board_id", board);\n',
  };
  const review = (laterSql: string, code: Record<string, string>, extra = '') =>
    findingsOf(RULE, [migration('20240101000000_starter', starter), migration('20240301000000_boards', laterSql + extra)], code);
  const keys = (found: { message: string }[]) => found.flatMap((f) => [...f.message.matchAll(/Foreign key `(\w+\.\w+)`/g)].map((m) => m[1])).sort();

  it('reports no key of a table nothing touches while the application uses the tables made after it, its own policy included', async () => {
    expect(await review(later, app)).toEqual([]);
  });

  it('still reports a key the project indexed until a migration dropped the index, and says so', async () => {
    const found = await review(later, app, 'create index vouchers_bundle on public.vouchers (bundle_id);\ndrop index public.vouchers_bundle;\n');
    expect(keys(found)).toEqual(['vouchers.bundle_id']);
    expect(found[0].message).toContain('The project had an index on it (`vouchers_bundle`) until `supabase/migrations/20240301000000_boards.sql:5` dropped it, and none has replaced it.');
  });

  it('still reports it when the table is the newest, or the application does not use the later tables (its code may be elsewhere)', async () => {
    // The same tables made last: their code may come in the next change.
    expect(keys(await findingsOf(RULE, [migration('20240101000000_boards', later), migration('20240301000000_starter', starter)], app))).toEqual([
      'vouchers.bundle_id',
      'vouchers.owner_id',
    ]);
    expect(keys(await review(later, {}))).toEqual(['vouchers.bundle_id', 'vouchers.owner_id']);
  });

  it.each([
    ['a function of the migrations writes it', 'create function public.grant_bundle() returns trigger language plpgsql as $$ begin insert into public.vouchers (id) values (new.id); return new; end $$;\n'],
    ["another table's policy reads it", 'alter table public.cards enable row level security;\ncreate policy "paid" on public.cards for select using (exists (select 1 from public.vouchers v where v.owner_id = auth.uid()));\n'],
    ['a view reads it', 'create view public.voucher_list as select id from public.vouchers;\n'],
  ])('still reports it when %s', async (_name, sql) => {
    expect(keys(await review(later, app, sql))).toContain('vouchers.bundle_id');
  });

  it.each([
    ['a frontend embeds it in a select', { 'web/src/bundles.ts': 'export const bundles = (supabase) => supabase.from("bundles").select("id, vouchers(id)");\n' }],
    ['a realtime listener names it', { 'web/src/live.ts': 'channel.on("postgres_changes", { event: "*", schema: "public", table: "vouchers" }, reload);\n' }],
    ['a model maps it and another model loads it', {
      'api/models.py': 'class Voucher(Base):\n    __tablename__ = "vouchers"\n    id = Column(String, primary_key=True)\n\nclass Bundle(Base):\n    __tablename__ = "bundles"\n    vouchers = relationship("Voucher")\n',
    }],
    ['a relationship loads through it', { 'api/models.py': 'class Bundle(Base):\n    __tablename__ = "bundles"\n    owners = relationship("User", secondary="vouchers")\n' }],
  ])('still reports it when %s', async (_name, code) => {
    expect(keys(await review(later, { ...app, ...code }))).toContain('vouchers.bundle_id');
  });
});
