import { extractAlembicSql } from '../../../../../../src/review/analyse/static/sql/alembic/extract-sql.js';
import type { ModuleReader } from '../../../../../../src/review/analyse/static/sql/alembic/imported-classes.js';
import { runSql } from '../run-sql.js';

/** Revisions written the way Alembic autogenerate and real projects write them. */
const revision = (id: string, parent: string | null, body: string, head = '') =>
  `"""${id}"""\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n${head}\nrevision = "${id}"\ndown_revision = ${parent ? `"${parent}"` : 'None'}\n\n\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    op.drop_table("never_replayed")\n`;
const path = (id: string) => `alembic/versions/${id}_rev.py`;
const sqlOf = async (body: string, head = '') => (await extractAlembicSql(path('x'), revision('x', null, body, head))).map((s) => s.text);

describe('Alembic as Alembic writes it', () => {
  it('quotes reserved words and mixed-case names so the SQL parses', async () => {
    const body = `    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Integer()),
        sa.Column("displayName", sa.String()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
    )
    op.create_index(op.f("ix_user_order"), "user", ["order"], unique=False)`;
    const result = await runSql([{ path: path('a'), head: revision('a', null, body) }]);
    expect(result.notes).toEqual([]);
    expect(await sqlOf(body)).toEqual([
      'CREATE TABLE "user" ("id" serial NOT NULL, "order" integer, "displayName" varchar, CONSTRAINT "pk_user" PRIMARY KEY ("id"))',
      'CREATE INDEX "ix_user_order" ON "user" ("order")',
    ]);
  });

  it('names a naming-convention index over 63 characters as SQLAlchemy does (55 characters, _, 4 of its MD5), a plain name as written', async () => {
    const long = 'ix_onepassword_credential_parameters_onepassword_credential_parameter_id';
    expect(await sqlOf(`    op.create_index(op.f("${long}"), "onepassword_credential_parameters", ["onepassword_credential_parameter_id"])`)).toEqual([
      'CREATE INDEX "ix_onepassword_credential_parameters_onepassword_creden_aba8" ON "onepassword_credential_parameters" ("onepassword_credential_parameter_id")',
    ]);
    expect(await sqlOf(`    op.create_index(op.f("ix_short"), "t", ["c"])`)).toEqual(['CREATE INDEX "ix_short" ON "t" ("c")']);
  });

  it('runs every batch_alter_table operation against the batch table, as PostgreSQL does', async () => {
    const body = `    with op.batch_alter_table("meal_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("household_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meal_plans_household_id"), ["household_id"], unique=False)
        batch_op.create_foreign_key("fk_plans_household", "households", ["household_id"], ["id"])
        batch_op.alter_column("title", existing_type=sa.String(), nullable=False)
        batch_op.create_unique_constraint("uq_plans_title", ["title"])
        batch_op.drop_index("ix_old")
        batch_op.drop_constraint("fk_old", type_="foreignkey")
        batch_op.drop_column("legacy")`;
    expect(await sqlOf(body)).toEqual([
      'ALTER TABLE "meal_plans" ADD COLUMN "household_id" integer',
      'CREATE INDEX "ix_meal_plans_household_id" ON "meal_plans" ("household_id")',
      'ALTER TABLE "meal_plans" ADD CONSTRAINT "fk_plans_household" FOREIGN KEY ("household_id") REFERENCES "households" ("id")',
      'ALTER TABLE "meal_plans" ALTER COLUMN "title" SET NOT NULL',
      'ALTER TABLE "meal_plans" ADD CONSTRAINT "uq_plans_title" UNIQUE ("title")',
      'DROP INDEX "ix_old"',
      'ALTER TABLE "meal_plans" DROP CONSTRAINT "fk_old"',
      'ALTER TABLE "meal_plans" DROP COLUMN "legacy"',
    ]);
  });

  it('counts an index made by batch_op.create_index for a foreign key', async () => {
    const init = revision('a', null, '    op.create_table("households", sa.Column("id", sa.Integer(), primary_key=True))\n    op.create_table("meal_plans", sa.Column("id", sa.Integer(), primary_key=True))');
    const change = (index: string) =>
      revision(
        'b',
        'a',
        `    with op.batch_alter_table("meal_plans") as batch_op:\n        batch_op.add_column(sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id")))\n${index}`,
      );
    const indexed = await runSql([{ path: path('b'), head: change('        batch_op.create_index("ix_plans_household", ["household_id"])') }], { [path('a')]: init });
    expect(indexed.findings.filter((f) => f.rule === 'unindexed-foreign-key')).toEqual([]);
    const bare = await runSql([{ path: path('b'), head: change('') }], { [path('a')]: init });
    expect(bare.findings.filter((f) => f.rule === 'unindexed-foreign-key')).toHaveLength(1);
  });

  it('reads op.execute with sa.text, bind parameters and a name bound to the SQL', async () => {
    const body = `    op.execute(sa.text("UPDATE plans SET state = :state WHERE state IS NULL").bindparams(state="new"))
    SQL = "alter table plans enable row level security"
    op.execute(SQL)
    conn = op.get_bind()
    conn.execute(sa.text("create index ix_plans_state on plans (state) where state <> :done"), {"done": "done"})`;
    const sources = await extractAlembicSql(path('x'), revision('x', null, body));
    expect(sources.map((s) => s.text)).toEqual([
      'UPDATE plans SET state = $1     WHERE state IS NULL',
      'alter table plans enable row level security',
      'create index ix_plans_state on plans (state) where state <> $1   ',
    ]);
    const plans = revision('p', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("state", sa.String()))');
    const result = await runSql([{ path: path('a'), head: revision('a', 'p', body) }], { [path('p')]: plans });
    expect(result.notes).toEqual([]);
  });

  it('creates the sequences CreateSequence makes, adds a primary_key=True column without a second key, and expands a list after IN', async () => {
    const body = `    sequence = Sequence("pair_id_seq")
    op.execute(CreateSequence(sequence))
    op.add_column("pair", sa.Column("id", sa.Integer(), nullable=True, server_default=sequence.next_value()))
    op.execute("UPDATE pair SET id = nextval('pair_id_seq') WHERE id IS NULL")
    op.add_column("message", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True, nullable=False, unique=True))
    rows = op.get_bind().execute(sa.text("SELECT id FROM pair WHERE name IN :names").bindparams(sa.bindparam("names", expanding=True)), {"names": ["a"]})`;
    const head = 'from sqlalchemy.schema import Sequence, CreateSequence';
    const sql = await sqlOf(body, head);
    expect(sql[0]).toBe('CREATE SEQUENCE "pair_id_seq"');
    expect(sql.find((s) => s.includes('"message"'))).not.toContain('PRIMARY KEY');
    expect(sql[sql.length - 1]).toContain('WHERE name IN ($1)');
  });

  it('leaves lock risks out of a change that adds every migration (a first commit, a whole-repository review), and says so', async () => {
    const plans = revision('p', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("state", sa.String()))');
    const index = revision('a', 'p', '    op.create_index("ix_plans_state", "plans", ["state"])');
    const later = await runSql([{ path: path('a'), head: index }], { [path('p')]: plans });
    expect(later.findings.map((f) => f.rule)).toEqual(['require-concurrent-index']);
    const all = await runSql([{ path: path('p'), head: plans }, { path: path('a'), head: index.replace('"plans"', '"legacy_plans"') }]);
    expect(all.findings).toEqual([]);
    expect(all.notes?.map((n) => n.message)).toEqual([
      'Every migration of the repository is new in this change, so no database with data receives them: 1 lock or table-rewrite risk is not reported.',
    ]);
  });

  it('leaves an index whose CONCURRENTLY the migration decides at run time (`postgresql_concurrently=flag`) to that choice', async () => {
    const plans = revision('p', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("state", sa.String()))');
    const index = (value: string) => revision('a', 'p', `    concurrently = os.environ.get("MIGRATE_CONCURRENTLY") == "true"\n    op.create_index("ix_plans_state", "plans", ["state"], postgresql_concurrently=${value})`);
    const run = async (value: string) => (await runSql([{ path: path('a'), head: index(value) }], { [path('p')]: plans })).findings.map((f) => f.rule);
    expect(await run('concurrently')).toEqual([]);
    expect(await run('False')).toEqual(['require-concurrent-index']);
  });

  it('renders server defaults as Alembic does: literals quoted, sa.text raw, sa.func calls, booleans', async () => {
    const body = `    op.add_column("plans", sa.Column("a", sa.Text(), server_default="draft", nullable=False))
    op.add_column("plans", sa.Column("b", sa.DateTime(timezone=True), server_default=sa.func.now()))
    op.add_column("plans", sa.Column("c", sa.DateTime(), server_default=sa.func.current_timestamp()))
    op.add_column("plans", sa.Column("d", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("plans", sa.Column("e", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb")))
    op.add_column("plans", sa.Column("f", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False))`;
    expect(await sqlOf(body)).toEqual([
      `ALTER TABLE "plans" ADD COLUMN "a" text NOT NULL DEFAULT 'draft'`,
      'ALTER TABLE "plans" ADD COLUMN "b" timestamptz DEFAULT now()',
      'ALTER TABLE "plans" ADD COLUMN "c" timestamp DEFAULT CURRENT_TIMESTAMP',
      'ALTER TABLE "plans" ADD COLUMN "d" boolean NOT NULL DEFAULT false',
      `ALTER TABLE "plans" ADD COLUMN "e" jsonb DEFAULT '{}'::jsonb`,
      'ALTER TABLE "plans" ADD COLUMN "f" uuid NOT NULL DEFAULT gen_random_uuid()',
    ]);
    const init = revision('a', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True))');
    const result = await runSql([{ path: path('b'), head: revision('b', 'a', body) }], { [path('a')]: init });
    // Only the volatile default rewrites the table; constant defaults satisfy NOT NULL.
    expect(result.findings.map((f) => [f.rule, f.message.match(/`[a-f]`/)?.[0]])).toEqual([['adding-required-field', '`f`']]);
  });

  it('renders UUID TypeDecorators (sqlmodel GUID, sqlalchemy-utils UUIDType) as uuid, so keys to uuid columns replay', async () => {
    const head = 'import sqlmodel\nfrom sqlalchemy_utils import UUIDType\n';
    const init = revision('a', null, '    op.create_table("api_client", sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True))', head);
    const body = `    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("api_client_id", sqlmodel.sql.sqltypes.GUID(), sa.ForeignKey("api_client.id"), nullable=False),
        sa.Column("owner_id", UUIDType(binary=False), sa.ForeignKey("api_client.id")),
    )
    op.create_index("ix_journal_api_client_id", "journal", ["api_client_id"])
    op.create_index("ix_journal_owner_id", "journal", ["owner_id"])`;
    const result = await runSql([{ path: path('b'), head: revision('b', 'a', body, head) }], { [path('a')]: init });
    expect(result.findings.map((f) => f.rule)).toEqual([]);
    expect((await sqlOf(body, head))[0]).toContain('"api_client_id" uuid NOT NULL');
  });

  it('leaves out foreign keys marked use_alter, as SQLAlchemy does in CREATE TABLE', async () => {
    const body = `    op.create_table(
        "recipes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer()),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", use_alter=True)),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], use_alter=True),
    )`;
    expect(await sqlOf(body)).toEqual(['CREATE TABLE "recipes" ("id" serial PRIMARY KEY, "user_id" integer, "group_id" integer)']);
  });

  it('makes several primary_key=True columns one composite primary key, as SQLAlchemy renders it', async () => {
    const body = `    op.create_table(
        "order_items",
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("product_id", sa.Integer(), primary_key=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
    )`;
    expect(await sqlOf(body)).toEqual([
      'CREATE TABLE "order_items" ("order_id" integer NOT NULL, FOREIGN KEY ("order_id") REFERENCES "orders" ("id"), "product_id" integer NOT NULL, "quantity" integer NOT NULL, PRIMARY KEY ("order_id", "product_id"))',
    ]);
  });

  it('makes one primary key of primary_key=True columns and an explicit PrimaryKeyConstraint, as SQLAlchemy does', async () => {
    const body = `    op.create_table(
        "runs",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )`;
    expect(await sqlOf(body)).toEqual(['CREATE TABLE "runs" ("id" varchar NOT NULL, "status" varchar, PRIMARY KEY ("id"))']);
  });

  it('renders the autoincrement column as SQLAlchemy does: one integer key is a serial, whose sequence later revisions name', async () => {
    const body = `    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String()))
    op.create_table("links", sa.Column("a", sa.Integer(), primary_key=True), sa.Column("b", sa.Integer(), primary_key=True))
    op.create_table("codes", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False))
    op.create_table("events", sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True))
    op.create_table("data_uses", sa.Column("id", sa.Integer(), autoincrement=True, nullable=False), sa.Column("key", sa.String()), sa.PrimaryKeyConstraint("id"))
    op.execute("DROP SEQUENCE tags_id_seq CASCADE")`;
    expect(await sqlOf(body)).toEqual([
      'CREATE TABLE "tags" ("id" serial PRIMARY KEY, "name" varchar)',
      'CREATE TABLE "links" ("a" integer NOT NULL, "b" integer NOT NULL, PRIMARY KEY ("a", "b"))',
      'CREATE TABLE "codes" ("id" integer PRIMARY KEY)',
      'CREATE TABLE "events" ("id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY)',
      'CREATE TABLE "data_uses" ("id" serial NOT NULL, "key" varchar, PRIMARY KEY ("id"))',
      'DROP SEQUENCE tags_id_seq CASCADE',
    ]);
  });

  it('reads an operator class written after the column inside sa.text, as PostgreSQL takes it', async () => {
    const body = `    op.create_index("ix_systems_name", "systems", [sa.text("name gin_trgm_ops")], postgresql_using="gin")
    op.create_index("ix_users_email", "users", [sa.text("lower(email) text_pattern_ops DESC")])
    op.create_index("ix_totals", "orders", [sa.text("price * quantity")])`;
    expect(await sqlOf(body)).toEqual([
      'CREATE INDEX "ix_systems_name" ON "systems" USING "gin" (name gin_trgm_ops)',
      'CREATE INDEX "ix_users_email" ON "users" (lower(email) text_pattern_ops DESC)',
      'CREATE INDEX "ix_totals" ON "orders" ((price * quantity))',
    ]);
  });

  it('runs an enum type\'s own create() and drop(), whatever create_type says (it only stops the automatic one)', async () => {
    const body = `    action = postgresql.ENUM("access", "erasure", name="drp_action", create_type=False)
    action.create(op.get_bind())
    op.add_column("policy", sa.Column("drp_action", action, nullable=True))
    sa.Enum("old", name="legacy_state").drop(op.get_bind(), checkfirst=True)
    sa.Table("scratch", sa.MetaData()).create(op.get_bind())`;
    expect(await sqlOf(body)).toEqual([
      `DO $ba$ BEGIN CREATE TYPE "drp_action" AS ENUM ('access', 'erasure'); EXCEPTION WHEN duplicate_object THEN NULL; END $ba$`,
      'ALTER TABLE "policy" ADD COLUMN "drp_action" "drp_action"',
      'DROP TYPE IF EXISTS "legacy_state"',
    ]);
  });

  it('renders postgresql_ops operator classes on their columns', async () => {
    const body = `    op.create_index("ix_recipes_name_gin", table_name="recipes", columns=["name", "slug"], postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"})`;
    expect(await sqlOf(body)).toEqual(['CREATE INDEX "ix_recipes_name_gin" ON "recipes" USING "gin" ("name" gin_trgm_ops, "slug")']);
  });

  it('names enum types as PostgreSQL sees them', async () => {
    const body = `    op.add_column("plans", sa.Column("state", sa.Enum("new", "done", name="plan_state"), nullable=True))
    op.add_column("plans", sa.Column("kind", postgresql.ENUM("a", "b", name="plan_kind", create_type=False)))
    op.alter_column("plans", "label", type_=sa.Enum(PlanLabel), existing_type=sa.String())`;
    expect(await sqlOf(body)).toEqual([
      `DO $ba$ BEGIN CREATE TYPE "plan_state" AS ENUM ('new', 'done'); EXCEPTION WHEN duplicate_object THEN NULL; END $ba$; ALTER TABLE "plans" ADD COLUMN "state" "plan_state"`,
      'ALTER TABLE "plans" ADD COLUMN "kind" "plan_kind"',
      'ALTER TABLE "plans" ALTER COLUMN "label" TYPE "planlabel"',
    ]);
  });

  it('labels the enum of a Python enum class as SQLAlchemy does: member names, values under values_callable, aliases left out', async () => {
    const types =
      'import enum\n\n\nclass MimeType(str, enum.Enum):\n    application_pdf = "application/pdf"\n    image_png = "image/png"\n    pdf = "application/pdf"\n    _ignore_ = ["x"]\n\n    def label(self):\n        return self.value\n';
    const files: Record<string, string> = { 'src/app/core/types.py': types, 'src/app/core/__init__.py': 'from .types import MimeType\n' };
    const read: ModuleReader = async (candidates, exact) => {
      for (const c of candidates) {
        const found = Object.keys(files).find((p) => p === c || (!exact && p.endsWith(`/${c}`)));
        if (found) return { path: found, text: files[found] };
      }
      return null;
    };
    const head = 'from app.core.types import MimeType\nfrom app import core\nfrom app.elsewhere import Missing\n';
    const body = `    op.add_column("docs", sa.Column("mime", sa.Enum(MimeType, name="mime_type")))
    op.add_column("docs", sa.Column("value", sa.Enum(MimeType, name="mime_value", values_callable=lambda x: [e.value for e in x])))
    op.add_column("docs", sa.Column("kind", sa.Enum(core.MimeType, name="mime_kind", native_enum=False)))
    op.add_column("docs", sa.Column("other", sa.Enum(Missing, name="missing_type")))`;
    const sources = await extractAlembicSql(path('x'), revision('x', null, body, head), read);
    const type = (name: string, labels: string) => `DO $ba$ BEGIN CREATE TYPE "${name}" AS ENUM (${labels}); EXCEPTION WHEN duplicate_object THEN NULL; END $ba$`;
    expect(sources.map((s) => s.text)).toEqual([
      `${type('mime_type', "'application_pdf', 'image_png'")}; ALTER TABLE "docs" ADD COLUMN "mime" "mime_type"`,
      `${type('mime_value', "'application/pdf', 'image/png'")}; ALTER TABLE "docs" ADD COLUMN "value" "mime_value"`,
      'ALTER TABLE "docs" ADD COLUMN "kind" varchar(15)',
      `${type('missing_type', '')}; ALTER TABLE "docs" ADD COLUMN "other" "missing_type"`,
    ]);
    // A class it cannot read leaves the type without labels, and says so: no value of it may be judged.
    expect(sources.map((s) => s.op?.unknownTypes)).toEqual([undefined, undefined, undefined, ['missing_type']]);
  });

  it('unrolls a loop over a project enum class, member by member (`size.value`, `size.name`), and leaves a value it cannot read untranslated', async () => {
    const types = 'import enum\n\n\nclass Size(str, enum.Enum):\n    sm = "sm"\n    md = "md"\n    medium = "md"\n\n\nclass Auto(enum.Enum):\n    a = enum.auto()\n';
    const read: ModuleReader = async (candidates) => (candidates.includes('app/types.py') ? { path: 'app/types.py', text: types } : null);
    const body = `    for size in Size:
        op.add_column("pages", sa.Column(f"preview_{size.value}", sa.String(), nullable=True))
        op.add_column("pages", sa.Column(f"flag_{size.name}", sa.Boolean(), nullable=True))
    for item in Auto:
        op.add_column("pages", sa.Column(f"auto_{item.value}", sa.String(), nullable=True))`;
    const sources = await extractAlembicSql(path('x'), revision('x', null, body, 'from app.types import Size, Auto\n'), read);
    expect(sources.map((s) => s.text || s.op?.unknown)).toEqual([
      'ALTER TABLE "pages" ADD COLUMN "preview_sm" varchar',
      'ALTER TABLE "pages" ADD COLUMN "flag_sm" boolean',
      'ALTER TABLE "pages" ADD COLUMN "preview_md" varchar',
      'ALTER TABLE "pages" ADD COLUMN "flag_md" boolean',
      'the column is computed at run time',
    ]);
  });

  it('reads table constraints, column foreign keys, index=True / unique=True and expression indexes', async () => {
    const body = `    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), sa.Identity(always=True), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("public.plans.id", ondelete="CASCADE"), index=True),
        sa.Column("code", sa.String(20), unique=True),
        sa.Column("owner_id", sa.Integer()),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_items_owner_id_users")),
        sa.UniqueConstraint("code", "owner_id", name="uq_items_code_owner"),
        sa.CheckConstraint("length(code) > 2", name="ck_items_code"),
        sa.Index("ix_items_lower_code", sa.text("lower(code)")),
    )
    op.create_index("ix_items_recent", "items", [sa.text("created_at DESC"), "id"], postgresql_using="btree")
    op.create_index("ix_items_tags", "items", [sa.text("tags -> 'x'")], postgresql_using="gin")`;
    expect(await sqlOf(body)).toEqual([
      'CREATE TABLE "items" ("id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY, "plan_id" integer, FOREIGN KEY ("plan_id") REFERENCES "public"."plans" ("id"), ' +
        '"code" varchar(20) UNIQUE, "owner_id" integer, CONSTRAINT "fk_items_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("id"), ' +
        'CONSTRAINT "uq_items_code_owner" UNIQUE ("code", "owner_id"), CONSTRAINT "ck_items_code" CHECK (length(code) > 2)); ' +
        'CREATE INDEX "ix_items_plan_id" ON "items" ("plan_id"); CREATE INDEX "ix_items_lower_code" ON "items" (lower(code))',
      'CREATE INDEX "ix_items_recent" ON "items" USING "btree" (created_at DESC, "id")',
      `CREATE INDEX "ix_items_tags" ON "items" USING "gin" ((tags -> 'x'))`,
    ]);
    const plans = revision('p', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("state", sa.String()))');
    const result = await runSql([{ path: path('a'), head: revision('a', 'p', body) }], { [path('p')]: plans });
    expect(result.notes).toEqual([]);
  });

  it('follows table comments, renames and bulk inserts without notes', async () => {
    const body = `    op.rename_table("plan", "plans")
    op.create_table_comment("plans", "Meal plans")
    op.bulk_insert(sa.table("plans", sa.column("id")), [{"id": 1}])
    op.create_index("ix_plans_id", "plans", ["id"])`;
    expect(await sqlOf(body)).toEqual(['ALTER TABLE "plan" RENAME TO "plans"', 'CREATE INDEX "ix_plans_id" ON "plans" ("id")']);
  });

  it('follows helper functions with their arguments, loops over literal lists and the PostgreSQL branch', async () => {
    const head = `TABLES = ["plans", "items"]\n\n\ndef _stamp(table, column="created_at"):\n    op.add_column(table, sa.Column(column, sa.DateTime()))\n`;
    const body = `    for table in TABLES:
        _stamp(table)
    for name, cols in {"ix_a": ["a"], "ix_b": ["b"]}.items():
        op.create_index(name, "plans", cols)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=OFF")
    else:
        op.execute("alter table plans enable row level security")`;
    expect(await sqlOf(body, head)).toEqual([
      'ALTER TABLE "plans" ADD COLUMN "created_at" timestamp',
      'ALTER TABLE "items" ADD COLUMN "created_at" timestamp',
      'CREATE INDEX "ix_a" ON "plans" ("a")',
      'CREATE INDEX "ix_b" ON "plans" ("b")',
      'alter table plans enable row level security',
    ]);
  });

  it('takes the PostgreSQL side of a branch on a module helper that tests the dialect', async () => {
    const head = '\n\ndef is_sqlite():\n    """True on SQLite."""\n    return op.get_context().dialect.name == "sqlite"\n';
    const body = `    if not is_sqlite():
        op.drop_index("ix_a", table_name="plans")
    else:
        op.execute("DROP INDEX IF EXISTS ix_a")`;
    expect(await sqlOf(body, head)).toEqual(['DROP INDEX "ix_a"']);
  });

  it('ends the revision on PostgreSQL at a return under a dialect test or a configured PostgreSQL URL (a SQLite-only revision)', async () => {
    const create = '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True))';
    expect(await sqlOf(`    if op.get_bind().dialect.name != "sqlite":\n        return\n${create}`)).toEqual([]);
    expect(await sqlOf(`    if settings.letta_pg_uri_no_default:\n        return\n${create}`, '\nfrom app.settings import settings\n')).toEqual([]);
    // The SQLite side returning leaves PostgreSQL's work in place; an unknown condition keeps it, as conditional.
    expect(await sqlOf(`    if op.get_bind().dialect.name == "sqlite":\n        return\n${create}`)).toHaveLength(1);
    expect(await sqlOf(`    if settings.skip_plans:\n        return\n${create}`, '\nfrom app.settings import settings\n')).toHaveLength(1);
  });

  it('drops the indexes of a table dropped in the same revision without lock findings', async () => {
    const init = revision('a', null, '    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True))\n    op.create_index("ix_plans_id", "plans", ["id"])');
    const body = '    op.drop_index("ix_plans_id", table_name="plans")\n    op.drop_table("plans")';
    const result = await runSql([{ path: path('b'), head: revision('b', 'a', body) }], { [path('a')]: init });
    expect(result.findings).toEqual([]);
  });

  it('translates alembic_utils entities, so a SECURITY DEFINER function is judged like one in a .sql file', async () => {
    const head = 'from alembic_utils.pg_function import PGFunction\n';
    const body = `    public_is_admin = PGFunction(
        schema="public",
        signature="is_admin()",
        definition="returns boolean language sql security definer as $$ select exists (select 1 from admins where id = auth.uid()) $$",
    )
    op.create_entity(public_is_admin)`;
    const result = await runSql([{ path: path('a'), head: revision('a', null, body, head) }]);
    const [f] = result.findings.filter((x) => x.rule === 'function-search-path-mutable');
    expect(f.line).toBe(revision('a', null, body, head).split('\n').findIndex((l) => l.includes('op.create_entity')) + 1);
  });
});

describe('what the translation does not understand', () => {
  const init = revision('a', null, '    op.create_table("owners", sa.Column("id", sa.Integer(), primary_key=True))');

  it('does not replay the revisions of a project whose dependencies name no PostgreSQL driver (a SQLite app), and says so', async () => {
    const body = '    op.create_table("pets", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id")))';
    const change = [{ path: path('b'), head: revision('b', 'a', body) }];
    const sqlite = await runSql(change, { [path('a')]: init, 'requirements.txt': 'fastapi\nsqlalchemy>=2\nalembic\naiosqlite\n' });
    expect(sqlite.findings).toEqual([]);
    expect((sqlite.notes ?? []).map((n) => n.message)).toEqual([expect.stringContaining('name no PostgreSQL driver')]);
    const postgres = await runSql(change, { [path('a')]: init, 'requirements.txt': 'fastapi\nsqlalchemy>=2\nalembic\n', 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n' });
    expect(postgres.findings.map((f) => f.rule)).toEqual(['unindexed-foreign-key']);
  });

  it('notes an operation it cannot translate, naming the file, line and operation', async () => {
    const body = '    op.create_exclude_constraint("no_overlap", "bookings", ("room", "="), ("during", "&&"))\n    op.execute(f"grant select on {TABLE} to anon")';
    const text = revision('b', 'a', body);
    const result = await runSql([{ path: path('b'), head: text }], { [path('a')]: init });
    expect(result.notes).toEqual([
      { path: path('b'), line: text.split('\n').findIndex((l) => l.includes('exclude')) + 1, message: 'op.create_exclude_constraint on bookings was not translated: this operation is not translated' },
      { path: path('b'), line: text.split('\n').findIndex((l) => l.includes('grant')) + 1, message: 'op.execute was not translated: the SQL is built at run time' },
    ]);
    expect(result.status).toBe('ok');
  });

  it('takes a table created by an unreadable create_table as new in this PR, and its indexes as unknown', async () => {
    const head = 'from app.db import audit_columns\n';
    const body = `    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id")),
        *audit_columns(),
    )
    op.create_index("ix_bookings_id", "bookings", ["id"])`;
    const result = await runSql([{ path: path('b'), head: revision('b', 'a', body, head) }], { [path('a')]: init });
    expect(result.findings).toEqual([]);
    expect(result.notes?.map((n) => n.message)).toEqual(['op.create_table on bookings was not translated: `*audit_columns()` could not be read']);
  });

  it('replays one Alembic environment of a monorepo, and says which it left out; one whose revisions sit in two folders is one', async () => {
    const users = '    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String()))';
    const billing = { 'billing/alembic/versions/a1_rev.py': revision('a1', null, users), 'billing/alembic/versions/a2_rev.py': revision('a2', 'a1', '    op.add_column("users", sa.Column("plan", sa.String()))') };
    const api = { 'api/alembic/versions/b1_rev.py': revision('b1', null, '    op.create_table("keys", sa.Column("id", sa.Integer(), primary_key=True))') };
    const change = { path: 'api/alembic/versions/b2_rev.py', head: revision('b2', 'b1', '    op.create_index("ix_keys_id", "keys", ["id"])') };
    const result = await runSql([change], { ...billing, ...api });
    expect(result.notes?.map((n) => n.message)).toEqual([
      '2 Alembic environments migrate separate databases; the migration replay follows `api/alembic/versions` (the one this change touches most) and leaves out `billing/alembic/versions`.',
    ]);
    const split = await runSql([{ path: 'billing/alembic/versions/2025/a3_rev.py', head: revision('a3', 'a2', '    op.create_index("ix_users_plan", "users", ["plan"])') }], billing);
    expect(split.notes ?? []).toEqual([]);
    // A tenant schema's history that reuses the core history's revision ids is still its own environment.
    const tenant = { 'db/revisions/tenant/versions/a1_rev.py': revision('a1', null, users), 'db/revisions/tenant/versions/t2_rev.py': revision('t2', 'a1', '    op.drop_table("users")') };
    const reused = await runSql([{ path: 'db/revisions/tenant/versions/t3_rev.py', head: revision('t3', 't2', '    op.create_table("keys", sa.Column("id", sa.Integer(), primary_key=True))') }], { ...billing, ...tenant });
    expect(reused.notes?.map((n) => n.message)).toEqual([
      '2 Alembic environments migrate separate databases; the migration replay follows `db/revisions/tenant/versions` (the one this change touches most) and leaves out `billing/alembic/versions`.',
    ]);
  });

  it('replays with the kept environment one that works on its tables in the same database, after it (or before it, when it made them)', async () => {
    const core = {
      'db/migrations/core/versions/c1_rev.py': revision('c1', null, '    op.create_table("tests", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("slug", sa.String()))'),
      'db/migrations/core/versions/c2_rev.py': revision('c2', 'c1', '    op.create_index("ix_tests_slug", "tests", ["slug"])\n    op.create_index("ix_tests_slug_dup", "tests", ["slug"])'),
    };
    // The second history makes no table of its own: it drops the duplicate on the first's table, under its own version table.
    const extra = { 'db/migrations/core_extra/versions/e1_rev.py': revision('e1', null, '    op.drop_index("ix_tests_slug_dup", table_name="tests")') };
    const billing = { 'billing/alembic/versions/b1_rev.py': revision('b1', null, '    op.create_table("invoices", sa.Column("id", sa.Integer(), primary_key=True))') };
    const change = { path: 'db/migrations/core/versions/c3_rev.py', head: revision('c3', 'c2', '    op.add_column("tests", sa.Column("name", sa.String()))') };
    const result = await runSql([change], { ...core, ...extra, ...billing });
    expect(result.findings.map((f) => f.rule)).not.toContain('duplicate-index');
    expect(result.notes?.map((n) => n.message)).toEqual([
      '3 Alembic environments migrate separate databases; the migration replay follows `db/migrations/core/versions` (the one this change touches most) with `db/migrations/core_extra/versions`, which works on its tables, and leaves out `billing/alembic/versions`.',
    ]);
    // The change to the second history: the first runs before it, so the table it renames exists.
    const rename = { path: 'db/migrations/core_extra/versions/e2_rev.py', head: revision('e2', 'e1', '    op.rename_table("tests", "suites")') };
    const renamed = await runSql([rename], { ...core, ...extra });
    expect(renamed.findings.map((f) => f.rule)).not.toContain('migration-fails');
    expect(renamed.notes ?? []).toEqual([]);
  });

  it('keeps a table whose DDL did not parse as existing for later migrations, but never as missing an index', async () => {
    // Written for another engine: PostgreSQL's parser rejects it.
    const broken = revision('b', 'a', '    op.execute("create table bookings (id int, owner_id int references owners (id)) engine = InnoDB")');
    const later = revision('c', 'b', '    op.create_index("ix_bookings_owner", "bookings", ["owner_id"])\n    op.add_column("bookings", sa.Column("room_id", sa.Integer(), sa.ForeignKey("owners.id"), server_default="1"))');
    const result = await runSql([{ path: path('c'), head: later }], { [path('a')]: init, [path('b')]: broken });
    // The table existed before this PR: building an index on it locks it; its foreign key is not reported missing an index.
    expect(result.findings.map((f) => f.rule).sort()).toEqual(['blocking-ddl-lock', 'require-concurrent-index']);
    expect(result.notes?.map((n) => n.message)).toEqual([expect.stringContaining('1 statement or operation in 1 unchanged migration file could not be read')]);
    // Created in this PR by the same unreadable DDL, the table is new: no lock finding, and no missing-index finding.
    const same = await runSql([{ path: path('b'), head: broken }, { path: path('c'), head: later }], { [path('a')]: init });
    expect(same.findings).toEqual([]);
  });
});
