import { findingsOf } from '../run-sql.js';

/** Reviews of Alembic revisions: the ops are judged by the SQL Alembic runs for them. */
const revision = (id: string, parent: string | null, body: string) =>
  `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${id}"\ndown_revision = ${parent ? `"${parent}"` : 'None'}\n\n\ndef upgrade():\n${body}\n`;
const INIT = {
  'alembic/versions/a_init.py': revision(
    'a',
    null,
    '    op.create_table(\n        "samples",\n        sa.Column("id", sa.BigInteger(), primary_key=True),\n        sa.Column("code", sa.String(20)),\n        sa.Column("n", sa.Integer()),\n    )',
  ),
};
const change = (body: string) => [{ path: 'alembic/versions/b_change.py', head: revision('b', 'a', body) }];
const CALL_LINE = 9;

describe('SQL rules on Alembic ops', () => {
  it('takes index=True on a foreign-key column of create_table as its index', async () => {
    const table = (flag: string) => `    op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("sample_id", sa.BigInteger(), sa.ForeignKey("samples.id")${flag}))`;
    expect(await findingsOf('unindexed-foreign-key', change(table(', index=True')), INIT)).toEqual([]);
    expect(await findingsOf('unindexed-foreign-key', change(table('')), INIT)).toHaveLength(1);
  });

  it('reports a column type change that rewrites the table, not a varchar widening', async () => {
    const [f] = await findingsOf('blocking-ddl-lock', change('    op.alter_column("samples", "n", type_=sa.BigInteger(), existing_type=sa.Integer())'), INIT);
    expect(f).toMatchObject({ line: CALL_LINE, category: 'query' });
    expect(await findingsOf('blocking-ddl-lock', change('    op.alter_column("samples", "code", type_=sa.String(50))'), INIT)).toEqual([]);
  });

  it('reports unique and check constraints built in place, not a NOT VALID foreign key', async () => {
    expect(await findingsOf('blocking-ddl-lock', change('    op.create_unique_constraint("uq_code", "samples", ["code"])'), INIT)).toHaveLength(1);
    expect(await findingsOf('blocking-ddl-lock', change('    op.create_check_constraint("ck_n", "samples", "n > 0")'), INIT)).toHaveLength(1);
    const fk = '    op.create_foreign_key("fk_s", "samples", "samples", ["n"], ["id"], postgresql_not_valid=True)';
    expect(await findingsOf('blocking-ddl-lock', change(fk), INIT)).toEqual([]);
  });

  it('reports the index of an index=True column added with a default to an existing table, unless the comment above calls it tiny', async () => {
    const add = '    op.add_column("samples", sa.Column("ref", sa.Text(), server_default="none", index=True))';
    const [f] = await findingsOf('require-concurrent-index', change(add), INIT);
    expect(f.line).toBe(CALL_LINE);
    expect(await findingsOf('require-concurrent-index', change(`    # samples is tiny (a few hundred rows).\n${add}`), INIT)).toEqual([]);
    // Without a default the new column is all NULL, under the lock its ADD COLUMN holds: nothing to report.
    expect(await findingsOf('require-concurrent-index', change('    op.add_column("samples", sa.Column("ref", sa.Text(), index=True))'), INIT)).toEqual([]);
  });
});
