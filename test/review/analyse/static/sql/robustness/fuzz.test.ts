import { isInternalError } from '../../../../../../src/review/analyse/static/sql/shared/internal-error.js';
import { runSql } from '../run-sql.js';

/** Realistic migrations of our own, mutated the way half-written code looks. */
const REVISION = `"""add plans"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "b2"
down_revision = "a1"
TABLES = ["plans", "items"]


def _stamp(table, column="created_at"):
    op.add_column(table, sa.Column(column, sa.DateTime(timezone=True), server_default=sa.func.now()))


def upgrade():
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column("user", sa.Uuid(), sa.ForeignKey("auth.users.id", ondelete="CASCADE"), index=True),
        sa.Column("state", sa.Enum("new", "done", name="plan_state"), server_default="new", nullable=False),
        sa.UniqueConstraint("user", "state", name=op.f("uq_plans_user_state")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_items_plan_id"), ["plan_id"], unique=False)
        batch_op.create_foreign_key("fk_items_plan", "plans", ["plan_id"], ["id"])
    for table in TABLES:
        _stamp(table)
    op.create_index("ix_plans_recent", "plans", [sa.text("created_at DESC")], postgresql_where=sa.text("state <> 'done'"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("alter table plans enable row level security"))
        op.execute("""
            create policy "own plans" on plans
              using (auth.uid() = "user")
        """)
    op.alter_column("items", "title", existing_type=sa.String(), type_=sa.Text(), nullable=False)


def downgrade():
    op.drop_table("plans")
`;

const MIGRATION = `create table public.notes (
  id bigint generated always as identity primary key,
  owner uuid not null references auth.users (id) on delete cascade,
  body text not null default ''
);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated
  using ((select auth.uid()) = owner)
  with check ((select auth.uid()) = owner);
create or replace function public.note_count() returns bigint
language sql security definer set search_path = '' as $$
  select count(*) from public.notes where owner = auth.uid();
$$;
create index concurrently notes_owner_idx on public.notes (owner);
`;

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INSERTS = ['  # why\n', '\n', '-- note\n', '/* c */', '(', ')', '"', "'", '\\', '$$', ',', ':', '\n    ', '*', 'op.'];

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  switch (Math.floor(next() * 4)) {
    case 0: {
      // delete a token
      const end = text.slice(at).search(/[\s(),]/);
      return text.slice(0, at) + text.slice(at + Math.max(1, end));
    }
    case 1:
      return text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(at);
    case 2:
      return text.slice(0, at);
    default: {
      // a line break inside an expression
      const line = text.indexOf('(', at);
      return line < 0 ? text : `${text.slice(0, line + 1)}\n        # mid-expression\n${text.slice(line + 1)}`;
    }
  }
}

describe('the SQL engine on broken and half-written migrations', () => {
  it('never throws and never reports an internal error', async () => {
    const next = random(20250817);
    for (let i = 0; i < 60; i++) {
      let revision = REVISION;
      let migration = MIGRATION;
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        revision = mutate(revision, next);
        migration = mutate(migration, next);
      }
      const result = await runSql([
        { path: 'alembic/versions/b2_plans.py', head: revision },
        { path: 'supabase/migrations/20250101000000_notes.sql', head: migration },
      ]);
      const internal = (result.notes ?? []).filter(isInternalError);
      if (internal.length) throw new Error(`mutant ${i}: ${internal[0].message}\n${revision}\n${migration}`);
      expect(result.status).toBe('ok');
    }
  });

  it('reads revisions nested and concatenated deeper than any real one without throwing', async () => {
    const nested = Array.from({ length: 300 }, (_, i) => `${'    '.repeat(i + 1)}if flag:\n`).join('') + `${'    '.repeat(301)}op.create_index("ix", "t", ["a"])\n`;
    const long = `    op.execute(${Array.from({ length: 3000 }, () => '"x"').join(' + ')})\n`;
    const revision = `from alembic import op\n\ndef upgrade():\n${nested}${long}`;
    const result = await runSql([{ path: 'alembic/versions/b2_deep.py', head: revision }]);
    expect((result.notes ?? []).filter(isInternalError)).toEqual([]);
  });

  it('walks SQL nested as deep as the parser takes (a 4,000-term concatenation)', async () => {
    const chain = Array.from({ length: 4000 }, (_, i) => `c${i}`).join(' || ');
    const sql = `create table public.t (id int, c0 text);\ncreate view public.v as select ${chain} as x from public.t;\n`;
    const result = await runSql([{ path: 'supabase/migrations/20250101000000_deep.sql', head: sql }]);
    expect(result).toMatchObject({ status: 'ok', notes: [] });
  });
});
