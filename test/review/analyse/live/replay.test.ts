import { jest } from '@jest/globals';
import { liveEngines, liveHarness, migration } from './live-helper.js';

jest.setTimeout(300_000);

const NOTES = `create table public.notes (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id),
  body text not null default ''
);
create index notes_owner_id_idx on public.notes (owner_id);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated
  using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
`;

describe.each(liveEngines())('live replay on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());

  it('replays the base migrations, then the pull request\'s, and reports nothing on a sound change', async () => {
    const result = await live.review(
      [{ path: migration(2, 'tags'), head: 'create table public.tags (id bigint primary key, note_id bigint not null references public.notes (id));\ncreate index on public.tags (note_id);\nalter table public.tags enable row level security;\ncreate policy "tags of own notes" on public.tags for select to authenticated using (exists (select 1 from public.notes n where n.id = note_id and n.owner_id = (select auth.uid())));\n' }],
      { [migration(1, 'notes')]: NOTES },
    );
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(/^PostgreSQL \d+\.\d+.*, 2 migrations replayed, RLS probed on 1 table as two users$/);
    expect(result.findings).toEqual([]);
  });

  it('reports a migration that fails on the failing statement\'s line with PostgreSQL\'s error', async () => {
    const head =
      'create table public.tags (id bigint primary key);\nalter table public.tags enable row level security;\nalter table public.tags\n  add column note_id bigint references public.nots (id);\n' +
      'create policy "read tags" on public.tags for select to authenticated using (true);\n';
    const result = await live.review([{ path: migration(2, 'tags'), head }], { [migration(1, 'notes')]: NOTES });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'migration-fails',
        path: migration(2, 'tags'),
        line: 3,
        severity: 'high',
        source: 'live',
        message: expect.stringContaining('`ERROR: relation "public.nots" does not exist` (SQLSTATE 42P01)'),
      }),
    ]);
  });

  it('reports where a deploy stops, and counts the later statements that miss what it did not make, across migrations', async () => {
    const first = 'create table public.tags (id bigint primary key, note_id bigint references public.nots (id));\n';
    const second = 'alter table public.tags add column label text;\ncreate table public.labels (id bigint primary key);\nalter table public.labels enable row level security;\n';
    const third = 'create table public.labels (id bigint primary key);\n';
    const result = await live.review([
      { path: migration(2, 'tags'), head: first },
      { path: migration(3, 'labels'), head: second },
      { path: migration(4, 'index'), head: third },
    ], { [migration(1, 'notes')]: NOTES });
    const fails = result.findings.filter((f) => f.rule === 'migration-fails');
    expect(fails.map((f) => [f.path, f.line])).toEqual([[migration(2, 'tags'), 1], [migration(4, 'index'), 1]]);
    expect(fails[0].message).toContain('1 later migration statement then failed on objects that were never made');
    expect(fails[1].message).toContain('SQLSTATE 42P07');
  });

  it('does not blame the pull request for a base migration that already fails, and notes it without calling the review incomplete', async () => {
    const broken = 'create table public.a (id int primary key);\nselect no_such_function();\n';
    const result = await live.review([{ path: migration(2, 'tags'), head: 'create table public.tags (id bigint primary key);\nalter table public.tags enable row level security;\n' }], {
      [migration(1, 'broken')]: broken,
    });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.notes?.map((n) => n.message)).toContainEqual(expect.stringMatching(/2025010100000{2}_broken\.sql:2 fails on PostgreSQL .* before this pull request too/));
  });

  it('does not blame a migration for an object a migration it could not read may make (a baseline over the read budget), and says so', async () => {
    const baseline = migration(1, 'baseline');
    const result = await live.review(
      [{ path: migration(2, 'social'), head: 'alter table public.users add column github_username text;\n' }],
      { [baseline]: 'create table public.users (id uuid primary key);\n' },
      {},
      300_000,
      [baseline],
    );
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(result.notes?.map((n) => n.message)).toContainEqual(expect.stringMatching(/could not be read .*a statement that misses an object one of them may make is not reported/));
  });

  it('compares with the base version of a migration the pull request edits', async () => {
    const base = 'create table public.items (id bigint primary key);\nalter table public.items enable row level security;\n';
    const head = 'create table public.items (id bigint primary key);\n';
    const result = await live.review([{ path: migration(1, 'items'), base, head }]);
    expect(result.findings).toEqual([]);
    const edited = await live.review([{ path: migration(1, 'items'), base, head: `${head}alter table public.items disable row level security;\n` }]);
    expect(edited.findings.map((f) => [f.rule, f.line])).toContainEqual(['rls-disabled-on-exposed-table', 2]);
  });
});

describe.each(liveEngines())('live replay order and limits on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());

  it('replays Alembic revisions along their revision graph, through the Alembic translation, and reports on the Python line', async () => {
    const first =
      'revision = "a1f0"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("total", sa.Integer, nullable=False))\n';
    // Named so that filename order would run it first: only the revision graph puts it second.
    const second =
      'revision = "0b2c"\ndown_revision = "a1f0"\n\nfrom alembic import op\n\n\ndef upgrade():\n' +
      '    op.execute("create index orders_total_idx on orders (total)")\n    op.execute("create index orders_bad_idx on orders (amount)")\n';
    const result = await live.review([{ path: 'alembic/versions/0b2c_indexes.py', head: second }], { 'alembic/versions/a1f0_orders.py': first });
    expect(result.findings.map((f) => [f.rule, f.path, f.line])).toEqual([['migration-fails', 'alembic/versions/0b2c_indexes.py', 9]]);
    expect(result.findings[0].message).toContain('`ERROR: column "amount" does not exist` (SQLSTATE 42703)');
  });

  it('replays a monorepo\'s Alembic environments as the separate databases they are: two services may each make `users`', async () => {
    const rev = (id: string, parent: string | null, body: string) =>
      `revision = "${id}"\ndown_revision = ${parent ? `"${parent}"` : 'None'}\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n`;
    const users = '    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(), nullable=False))\n';
    const result = await live.review(
      [{ path: 'server/alembic/versions/001_users.py', head: rev('001', null, users + '    op.create_index("ix_users_email", "users", ["email"], unique=True)') }],
      { 'memory/api/alembic/versions/0a1_init.py': rev('0a1', null, users), 'memory/api/alembic/versions/0a2_email.py': rev('0a2', '0a1', '    op.create_index("ix_users_email", "users", ["email"])') },
    );
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect((result.notes ?? []).map((n) => n.message)).toContainEqual(expect.stringContaining('2 Alembic environments migrate separate databases'));
  });

  it('does not call a migration broken for a table the models declare and no migration creates (schema made by create_all)', async () => {
    const first = 'revision = "a1f0"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n';
    const second =
      'revision = "0b2c"\ndown_revision = "a1f0"\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.add_column("orgs", sa.Column("slug", sa.String(), nullable=True))\n';
    const models = 'from sqlalchemy import Column, Integer\nfrom app.db import Base\n\n\nclass Org(Base):\n    __tablename__ = "orgs"\n    id = Column(Integer, primary_key=True)\n';
    const made = await live.review([{ path: 'alembic/versions/0b2c_slug.py', head: second }], { 'alembic/versions/a1f0_init.py': first, 'app/models.py': models });
    expect(made.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(made.status).toBe('partial');
    expect(made.detail).toContain('uses table `orgs`, which no migration creates but the models declare');
    // A declarative base that names tables after their classes declares `org_settings` as `class OrgSettings(Base)`.
    const derived = 'from sqlalchemy import Column, Integer\nfrom app.db import Base\n\n\nclass OrgSettings(Base):\n    id = Column(Integer, primary_key=True)\n';
    const byClass = await live.review([{ path: 'alembic/versions/0b2c_slug.py', head: second.replace('"orgs"', '"org_settings"') }], { 'alembic/versions/a1f0_init.py': first, 'app/models.py': derived });
    expect(byClass.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    // A name no model declares is a broken migration (a typo, a missing revision).
    const typo = await live.review([{ path: 'alembic/versions/0b2c_slug.py', head: second.replace('"orgs"', '"orgz"') }], { 'alembic/versions/a1f0_init.py': first, 'app/models.py': models });
    expect(typo.findings.map((f) => [f.rule, f.line])).toEqual([['migration-fails', 9]]);
    // After a root that makes nothing (stamped onto an older schema), dropping a table of that schema is no bug.
    const drop = second.replace('    op.add_column("orgs", sa.Column("slug", sa.String(), nullable=True))\n', '    op.drop_table("legacy_terms")\n');
    const dropped = await live.review([{ path: 'alembic/versions/0b2c_slug.py', head: drop }], { 'alembic/versions/a1f0_init.py': first, 'app/models.py': models });
    expect(dropped.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(dropped.detail).toContain('uses table `legacy_terms`');
  });

  it('does not call a statement broken when it depends on what an operation the replay could not run did (a column added in a loop over a class)', async () => {
    const init =
      'revision = "u1"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.create_table("pages", sa.Column("id", sa.Integer, primary_key=True))\n' +
      '    op.create_table("books", sa.Column("id", sa.Integer, primary_key=True))\n';
    const loop =
      'revision = "u2"\ndown_revision = "u1"\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom app.types import Size\n\n\ndef upgrade():\n' +
      '    for size in Size:\n        op.add_column("pages", sa.Column(f"preview_{size.value}", sa.String(), nullable=True))\n';
    const head = (body: string) => 'revision = "u3"\ndown_revision = "u2"\n\nfrom alembic import op\n\n\ndef upgrade():\n' + body;
    const others = { 'alembic/versions/u1_init.py': init, 'alembic/versions/u2_previews.py': loop };
    const dropped = await live.review(
      [{ path: 'alembic/versions/u3_drop.py', head: head('    op.drop_column("pages", "preview_md")\n    op.execute("create view page_previews as select id, preview_md from pages")\n    op.execute("grant select on page_previews to public")\n') }],
      others,
    );
    expect(dropped.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(dropped.status).toBe('ok');
    const notes = (dropped.notes ?? []).map((n) => n.message);
    expect(notes).toContainEqual(expect.stringMatching(/u3_drop\.py:8 was not replayed: it depends on `pages`, changed by `op\.add_column` at alembic\/versions\/u2_previews\.py:11, which the replay could not run/));
    // The view that was not made is unknown in turn: granting on it is not a failure either.
    expect(notes).toContainEqual(expect.stringMatching(/u3_drop\.py:10 was not replayed: it depends on `page_previews`, changed by alembic\/versions\/u3_drop\.py:9, which was not replayed either/));
    // A table the operation did not touch is known: a column it never had is a broken migration.
    const other = await live.review([{ path: 'alembic/versions/u3_drop.py', head: head('    op.drop_column("books", "preview_md")\n') }], others);
    expect(other.findings.filter((f) => f.rule === 'migration-fails').map((f) => f.line)).toEqual([8]);
  });

  it('takes SQL built at run time (a file read by op.execute) for an operation that may have made anything a later statement uses', async () => {
    const init =
      'revision = "s1"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute(open("schema.sql").read())\n';
    const head = 'revision = "s2"\ndown_revision = "s1"\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute("create index accounts_email_idx on accounts (email)")\n';
    const result = await live.review([{ path: 'alembic/versions/s2_index.py', head }], { 'alembic/versions/s1_schema.py': init });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect((result.notes ?? []).map((n) => n.message)).toContainEqual(expect.stringContaining('it runs after `op.execute` at alembic/versions/s1_schema.py:8, which the replay could not run (the SQL is built at run time)'));
    // A statement PostgreSQL cannot even read is broken whatever ran before it.
    const garbled = await live.review([{ path: 'alembic/versions/s2_index.py', head: head.replace('create index', 'create indx') }], { 'alembic/versions/s1_schema.py': init });
    expect(garbled.findings.filter((f) => f.rule === 'migration-fails').map((f) => f.line)).toEqual([8]);
  });

  it('creates the enum types SQLAlchemy creates with the table or column (string labels or a Python enum class), once', async () => {
    const first =
      'revision = "c1"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom app.models import Role\n\n\ndef upgrade():\n' +
      '    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), sa.Column("role", sa.Enum("CHEF", "CUSTOMER", name="userrole")))\n' +
      '    op.create_table("staff", sa.Column("id", sa.Integer, primary_key=True), sa.Column("role", sa.Enum("CHEF", "CUSTOMER", name="userrole")), sa.Column("kind", sa.Enum(Role)))\n';
    const second =
      'revision = "c2"\ndown_revision = "c1"\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.add_column("users", sa.Column("state", sa.Enum("new", "done", name="user_state"), nullable=True))\n' +
      '    op.execute("update users set role = \'CHEF\' where role is null")\n';
    const result = await live.review([{ path: 'alembic/versions/c2_state.py', head: second }], { 'alembic/versions/c1_users.py': first });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
  });

  it('gives the enum of a Python enum class the member names SQLAlchemy stores, and judges no value of an enum whose class it cannot read', async () => {
    const types = 'from enum import Enum\n\n\nclass MimeType(str, Enum):\n    application_pdf = "application/pdf"\n    image_png = "image/png"\n';
    const first =
      'revision = "m1"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom app.types import MimeType\nfrom app.elsewhere import Kind\n\n\ndef upgrade():\n' +
      '    op.create_table("versions", sa.Column("id", sa.Integer, primary_key=True))\n' +
      '    op.add_column("versions", sa.Column("mime_type", sa.Enum(MimeType, name="version_mime_type"), nullable=True))\n' +
      '    op.add_column("versions", sa.Column("kind", sa.Enum(Kind, name="version_kind"), nullable=True))\n';
    const head = (sql: string) => `revision = "m2"\ndown_revision = "m1"\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute("${sql}")\n`;
    const others = { 'alembic/versions/m1_versions.py': first, 'app/types.py': types };
    const byName = await live.review([{ path: 'alembic/versions/m2_fill.py', head: head("update versions set mime_type = 'application_pdf' where mime_type is null") }], others);
    expect(byName.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    // The value is not a label: SQLAlchemy never stored it, PostgreSQL refuses it.
    const byValue = await live.review([{ path: 'alembic/versions/m2_fill.py', head: head("update versions set mime_type = 'application/pdf' where mime_type is null") }], others);
    expect(byValue.findings.filter((f) => f.rule === 'migration-fails').map((f) => f.message)).toEqual([expect.stringContaining('invalid input value for enum version_mime_type')]);
    const unread = await live.review([{ path: 'alembic/versions/m2_fill.py', head: head("update versions set kind = 'big' where kind is null") }], others);
    expect(unread.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect((unread.notes ?? []).map((n) => n.message)).toContainEqual(expect.stringContaining('it depends on `version_kind`, changed by `op.add_column` at alembic/versions/m1_versions.py:13, which made the enum type without its labels'));
  });

  it('skips a data statement whose bound parameters the migration supplies at run time, and says so', async () => {
    const first =
      'revision = "d1"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.create_table("lists", sa.Column("id", sa.Integer, primary_key=True), sa.Column("owner", sa.Integer))\n' +
      '    owner_of(7)\n\n\ndef owner_of(group_id):\n    bind = op.get_bind()\n' +
      '    stmt = "SELECT id FROM lists WHERE owner=:group_id LIMIT 1"\n' +
      '    return bind.execute(sa.text(stmt).bindparams(group_id=group_id)).scalar()\n';
    const result = await live.review([{ path: 'alembic/versions/d1_lists.py', head: first }], {});
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
  });

  it('notes an extension this PostgreSQL lacks instead of calling the migration broken, and what depends on it', async () => {
    const head = "create extension if not exists pg_not_shipped_here;\ncreate table public.jobs (id bigint primary key);\nselect pg_not_shipped_here.schedule('nightly', '0 3 * * *', 'select 1');\n";
    const result = await live.review([{ path: migration(2, 'jobs'), head }], { [migration(1, 'notes')]: NOTES });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(JSON.stringify(result)).toContain('does not have the extension \\"pg_not_shipped_here\\"');
  });

  it('notes a column of an extension type no migration creates (pgvector from an init script), not a broken migration', async () => {
    const head = 'create table public.passages (id bigint primary key, embedding vector(1536));\ncreate index on public.passages (id);\n';
    const result = await live.review([{ path: migration(2, 'passages'), head }], { [migration(1, 'notes')]: NOTES });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(JSON.stringify(result)).toContain('the type \\"vector\\" of the extension \\"vector\\", which no migration creates');
    // A type that no extension defines is the migration's own mistake.
    const typo = await live.review([{ path: migration(2, 'passages'), head: head.replace('vector(1536)', 'vectr') }], { [migration(1, 'notes')]: NOTES });
    expect(typo.findings.filter((f) => f.rule === 'migration-fails')).toHaveLength(1);
  });

  it('runs what an Alembic revision puts in autocommit_block outside its transaction, the rest inside', async () => {
    const first =
      'revision = "a1f0"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("total", sa.Integer, nullable=False))\n';
    const second = (body: string) =>
      'revision = "0b2c"\ndown_revision = "a1f0"\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.add_column("orders", sa.Column("note", sa.Text))\n' + body;
    const inBlock = second('    with op.get_context().autocommit_block():\n        op.create_index("orders_total_idx", "orders", ["total"], postgresql_concurrently=True)\n');
    const ok = await live.review([{ path: 'alembic/versions/0b2c_indexes.py', head: `import sqlalchemy as sa\n${inBlock}` }], { 'alembic/versions/a1f0_orders.py': first });
    expect(ok.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    const outside = second('    op.create_index("orders_total_idx", "orders", ["total"], postgresql_concurrently=True)\n');
    const refused = await live.review([{ path: 'alembic/versions/0b2c_indexes.py', head: `import sqlalchemy as sa\n${outside}` }], { 'alembic/versions/a1f0_orders.py': first });
    const fails = refused.findings.filter((f) => f.rule === 'migration-fails');
    expect(fails).toHaveLength(1);
    expect(fails[0]!.message).toContain('cannot run inside a transaction block');
  });

  it('does not call a deploy broken by a statement that runs only when a query says so, or under a handler that catches its error', async () => {
    const first =
      'revision = "a1f0"\ndown_revision = None\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n' +
      '    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("total", sa.Integer, nullable=False))\n';
    const second =
      'revision = "0b2c"\ndown_revision = "a1f0"\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n' +
      'def _index_valid():\n    return op.get_bind().execute(sa.text("select indisvalid from pg_index where indexrelid = to_regclass(\'orders_total_idx\')")).scalar_one_or_none()\n\n\n' +
      'def upgrade():\n    if _index_valid() is False:\n        op.execute("drop index orders_total_idx")\n' +
      '    try:\n        op.execute("drop index orders_old_idx")\n    except Exception:\n        pass\n' +
      '    op.execute("create index orders_total_idx on orders (total)")\n';
    const result = await live.review([{ path: 'alembic/versions/0b2c_indexes.py', head: second }], { 'alembic/versions/a1f0_orders.py': first });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    const plain = second.replace('    op.execute("create index orders_total_idx on orders (total)")\n', '    op.execute("drop index orders_never_made")\n');
    const broken = await live.review([{ path: 'alembic/versions/0b2c_indexes.py', head: plain }], { 'alembic/versions/a1f0_orders.py': first });
    expect(broken.findings.filter((f) => f.rule === 'migration-fails').map((f) => f.line)).toEqual([19]);
  });

  it('replays a Supabase migration that holds a lone create index concurrently (no transaction block), and refuses one that shares its file', async () => {
    const base = { [migration(1, 'items')]: 'create table public.items (id int primary key, sku text);\nalter table public.items enable row level security;\n' };
    const alone = await live.review([{ path: migration(2, 'sku_idx'), head: 'create index concurrently items_sku_idx on public.items (sku);\n' }], base);
    expect(alone.status).toBe('ok');
    expect(alone.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    const shared = await live.review([{ path: migration(2, 'sku_idx'), head: 'alter table public.items add column note text;\ncreate index concurrently items_sku_idx on public.items (sku);\n' }], base);
    const fails = shared.findings.filter((f) => f.rule === 'migration-fails');
    expect(fails.map((f) => [f.rule, f.line])).toEqual([['migration-fails', 2]]);
    expect(fails[0].message).toContain('cannot run inside a transaction block');
  });

  it('replays plain migrations/*.sql by name (2 before 10)', async () => {
    const result = await live.review([{ path: 'db/migrations/10_items_owner.sql', head: 'alter table items add column note text;\n' }], {
      'db/migrations/2_items.sql': 'create table items (id int primary key);\n',
    });
    expect(result.status).toBe('ok');
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
  });

  it('runs only when SQL or migrations changed, and not when the repository turns it off', async () => {
    expect(await live.review([{ path: 'app/main.py', head: 'x = 1\n' }])).toEqual({ findings: [], status: 'skipped', detail: 'no SQL or migration changed' });
    expect(await live.review([{ path: migration(1, 'a'), head: 'select 1;\n' }], {}, { live_db: 'off' })).toEqual({ findings: [], status: 'skipped', detail: 'live database stage off (live_db: off)' });
  });

  it('stops at its time budget, says so, and leaves the engine usable', async () => {
    const stuck = 'create table public.t (id int primary key);\ndo $$ begin loop perform 1; end loop; end $$;\n';
    const result = await live.review([{ path: migration(1, 'stuck'), head: stuck }], {}, {}, 3_000);
    expect(result.status).toBe('failed');
    expect(result.detail).toBe('live database stage did not finish: the time budget (3 s) ran out while replaying the migrations');
    const next = await live.review([{ path: migration(1, 'fine'), head: 'create table public.t (id int primary key);\nalter table public.t enable row level security;\n' }]);
    expect(next.status).toBe('ok');
  });
});
