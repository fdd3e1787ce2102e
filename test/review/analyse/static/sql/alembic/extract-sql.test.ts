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
  it('extracts upgrade() SQL with the Python line of each statement, and skips f-strings and downgrade()', async () => {
    const sources = await extractAlembicSql('alembic/versions/b2_currency.py', REVISION);
    const texts = sources.map((s) => s.text.trim().split('\n')[0].trim());
    expect(texts).toEqual([
      'alter table orders enable row level security',
      'create policy "own" on orders',
      'create index ix_orders_user on orders (user_id)',
      'ALTER TABLE orders ADD COLUMN currency text NOT NULL',
      'CREATE INDEX ix_orders_status ON orders (status)',
    ]);
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
      'CREATE TABLE public.items (id text NOT NULL, order_id text NOT NULL REFERENCES orders (id), PRIMARY KEY (id))',
      'CREATE INDEX CONCURRENTLY ix ON items (order_id)',
    ]);
  });
});
