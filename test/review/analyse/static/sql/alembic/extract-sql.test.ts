import { extractAlembicSql } from '../../../../../../src/review/analyse/static/sql/alembic/extract-sql.js';

const REVISION = `"""add currency"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"

INDEX_SQL = "create index ix_orders_user on orders (user_id)"


def upgrade():
    op.execute("alter table orders enable row level security")
    op.execute(
        sa.text(
            """
            create policy "own" on orders
              using (auth.uid() = user_id)
            """
        )
    )
    op.execute(INDEX_SQL)
    op.add_column("orders", sa.Column("currency", sa.String(3), nullable=False))
    op.create_index("ix_orders_status", "orders", ["status"], unique=False)
    op.execute(f"grant select on {table} to anon")


def downgrade():
    op.execute("drop table orders")
`;

const lineOf = (needle: string) => REVISION.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('extractAlembicSql', () => {
  it('extracts upgrade() SQL with the Python line of each statement, notes f-strings it cannot read, skips downgrade()', async () => {
    const sources = await extractAlembicSql('alembic/versions/b2_currency.py', REVISION);
    const texts = sources.map((s) => s.text.trim().split('\n')[0].trim());
    expect(texts).toEqual([
      'alter table orders enable row level security',
      'create policy "own" on orders',
      'create index ix_orders_user on orders (user_id)',
      'ALTER TABLE "orders" ADD COLUMN "currency" varchar(3) NOT NULL',
      'CREATE INDEX "ix_orders_status" ON "orders" ("status")',
      '',
    ]);
    expect(sources[5].op).toMatchObject({ call: 'op.execute', line: lineOf('grant select'), unknown: 'the SQL is built at run time' });
    const policy = sources[1];
    expect(policy.lineAt(Buffer.byteLength(policy.text.slice(0, policy.text.indexOf('using'))))).toBe(lineOf('using (auth.uid()'));
    expect(sources[3].lineAt(0)).toBe(lineOf('op.add_column'));
  });

  it('maps create_table with keys and foreign keys, and postgresql_concurrently', async () => {
    const text = `def upgrade():
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        schema="public",
    )
    op.create_index("ix", "items", ["order_id"], postgresql_concurrently=True)
`;
    const sources = await extractAlembicSql('migrations/versions/x.py', text);
    expect(sources.map((s) => s.text)).toEqual([
      'CREATE TABLE "public"."items" ("id" serial NOT NULL, "order_id" integer NOT NULL, FOREIGN KEY ("order_id") REFERENCES "orders" ("id"), PRIMARY KEY ("id"))',
      'CREATE INDEX CONCURRENTLY "ix" ON "items" ("order_id")',
    ]);
  });

  it('brings the indexes and unique constraints of index=True / unique=True columns along, as Alembic does (both: one unique index)', async () => {
    const text = `def upgrade():
    op.create_table(
        "items",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), index=True),
        sa.Column("sku", sa.String(length=40), unique=True),
        sa.Column("slug", sa.Text(), unique=True, index=True),
        sa.Index("ix_items_sku_order", "sku", "order_id"),
    )
    op.add_column("orders", sa.Column("ext_ref", sa.Text(), unique=True, index=True))
`;
    const sources = await extractAlembicSql('migrations/versions/x.py', text);
    expect(sources.map((s) => s.text.split('; '))).toEqual([
      [
        'CREATE TABLE "items" ("id" bigserial PRIMARY KEY, "order_id" integer, FOREIGN KEY ("order_id") REFERENCES "orders" ("id"), "sku" varchar(40) UNIQUE, "slug" text)',
        'CREATE INDEX "ix_items_order_id" ON "items" ("order_id")',
        'CREATE UNIQUE INDEX "ix_items_slug" ON "items" ("slug")',
        'CREATE INDEX "ix_items_sku_order" ON "items" ("sku", "order_id")',
      ],
      // SQLAlchemy: `index=True` with `unique=True` is one unique index, with no UNIQUE constraint beside it.
      ['ALTER TABLE "orders" ADD COLUMN "ext_ref" text', 'CREATE UNIQUE INDEX "ix_orders_ext_ref" ON "orders" ("ext_ref")'],
    ]);
  });

  it('maps type changes, renames, constraints and NOT VALID', async () => {
    const text = `def upgrade():
    op.alter_column("orders", "total", type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2), nullable=False)
    op.alter_column("orders", "placed", type_=sa.DateTime(timezone=True), postgresql_using="placed at time zone 'utc'")
    op.alter_column("orders", "note", new_column_name="memo")
    op.create_unique_constraint("uq_orders_ref", "orders", ["ref"], schema="shop")
    op.create_check_constraint("ck_total", "orders", sa.text("total >= 0"), postgresql_not_valid=True)
    op.create_foreign_key("fk_user", "orders", "users", ["user_id"], ["id"], referent_schema="auth", postgresql_not_valid=True)
    op.create_index("ix_open", "orders", ["placed"], postgresql_where=sa.text("closed_at is null"))
`;
    const sources = await extractAlembicSql('migrations/versions/x.py', text);
    expect(sources.map((s) => s.text)).toEqual([
      'ALTER TABLE "orders" ALTER COLUMN "total" TYPE numeric(12, 2), ALTER COLUMN "total" SET NOT NULL',
      `ALTER TABLE "orders" ALTER COLUMN "placed" TYPE timestamptz USING placed at time zone 'utc'`,
      'ALTER TABLE "orders" RENAME COLUMN "note" TO "memo"',
      'ALTER TABLE "shop"."orders" ADD CONSTRAINT "uq_orders_ref" UNIQUE ("ref")',
      'ALTER TABLE "orders" ADD CONSTRAINT "ck_total" CHECK (total >= 0) NOT VALID',
      'ALTER TABLE "orders" ADD CONSTRAINT "fk_user" FOREIGN KEY ("user_id") REFERENCES "auth"."users" ("id") NOT VALID',
      'CREATE INDEX "ix_open" ON "orders" ("placed") WHERE closed_at is null',
    ]);
  });

  it('reads the Python comment block attached above each op call', async () => {
    const text = `def upgrade():
    # samples is tiny; a plain build is fine.
    op.create_index("ix_a", "samples", ["a"])

    # unrelated note


    op.create_index("ix_b", "samples", ["b"])
    with op.get_context().autocommit_block():
        # inside the block
        op.execute("create index concurrently ix_c on samples (c)")
`;
    const sources = await extractAlembicSql('migrations/versions/x.py', text);
    expect(sources.map((s) => s.leadingComment)).toEqual(['samples is tiny; a plain build is fine.', '', 'inside the block']);
  });
});
