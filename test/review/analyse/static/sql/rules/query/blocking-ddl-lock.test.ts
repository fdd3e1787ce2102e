import { existing, findingsOf, migration } from '../../run-sql.js';

const RULE = 'blocking-ddl-lock';
const BEFORE = existing({
  '20240101000000_a': 'create table public.a (id int primary key);\ncreate table public.b (id int, a_id int, name varchar(20), n int);\ncreate index on public.b (a_id);',
});

describe(RULE, () => {
  it.each([
    ['a validated foreign key', 'alter table public.b add constraint fk foreign key (a_id) references public.a (id);'],
    ['a validated check', 'alter table public.b add constraint pos check (n > 0);'],
    ['a unique constraint built in place', 'alter table public.b add constraint u unique (name);'],
    ['a column type change', 'alter table public.b alter column n type bigint;'],
    ['a narrowing varchar change', 'alter table public.b alter column name type varchar(10);'],
  ])('reports %s on an existing table', async (_name, sql) => {
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 1, category: 'query', severity: 'medium' });
  });

  it.each([
    ['a NOT VALID foreign key', 'alter table public.b add constraint fk foreign key (a_id) references public.a (id) not valid;'],
    ['a unique constraint using an existing index', 'alter table public.b add constraint u unique using index b_name_key;'],
    ['widening varchar to text', 'alter table public.b alter column name type text;'],
    ['a table created in this pull request', 'create table public.c (id int);\nalter table public.c add constraint pos check (id > 0);'],
    ['a table the same migration drops afterwards', 'alter table public.b alter column n type bigint;\ndrop table public.b;'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
  });
});

describe(`${RULE} after an earlier alter table in the same transaction`, () => {
  it('says that the scan runs under the ACCESS EXCLUSIVE lock the earlier ADD COLUMN still holds', async () => {
    const sql = 'alter table public.b add column owner_id int;\nalter table public.b add constraint fk_owner foreign key (a_id) references public.a (id);';
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(rest).toEqual([]);
    expect(f.line).toBe(2);
    expect(f.message).toContain('while the `alter table` at line 1 still holds its ACCESS EXCLUSIVE lock');
    // In a file of its own (no shared transaction), the plain message.
    const [g] = await findingsOf(RULE, [migration('20250101000000_b', sql.split('\n')[0]), migration('20250101000001_c', sql.split('\n')[1])], BEFORE);
    expect(g.message).toContain('validates every row of `public.b` while holding a SHARE ROW EXCLUSIVE lock on both tables');
  });
});

describe(`${RULE} on a foreign key over a column just added (all NULL)`, () => {
  // Its validation looks nothing up, in one pass under the ACCESS EXCLUSIVE lock the ADD COLUMN takes anyway.
  it.each([
    ['added by an earlier statement of the transaction', 'alter table public.b add column owner_id int;\nalter table public.b add constraint fk_owner foreign key (owner_id) references public.a (id);'],
    ['added by the same statement', 'alter table public.b add column owner_id int, add constraint fk_owner foreign key (owner_id) references public.a (id);'],
    ['declared inline', 'alter table public.b add column parent_id int references public.a (id);'],
  ])('is quiet when %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
  });

  it('is quiet in an Alembic revision (add_column, then create_foreign_key)', async () => {
    const head =
      'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "b"\ndown_revision = None\n\n\ndef upgrade():\n' +
      '    op.add_column("b", sa.Column("owner_id", sa.Integer(), nullable=True))\n    op.create_foreign_key("fk_owner", "b", "a", ["owner_id"], ["id"])\n';
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/b_owner.py', head }], BEFORE)).toEqual([]);
  });

  it.each([
    ['the column has a default (every row gets a value to look up)', 'alter table public.b add column parent_id int default 1 references public.a (id);'],
    ['the key also covers an existing column', 'alter table public.b add column x int;\nalter table public.b add constraint fk2 foreign key (a_id, x) references public.a (id, n);'],
  ])('still reports when %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toHaveLength(1);
  });

  it('still reports a column added by an earlier migration file (it may hold values by now)', async () => {
    const files = [migration('20250101000000_b', 'alter table public.b add column owner_id int;'), migration('20250101000001_c', 'alter table public.b add constraint fk_owner foreign key (owner_id) references public.a (id);')];
    expect(await findingsOf(RULE, files, BEFORE)).toHaveLength(1);
  });
});

describe(`${RULE} beyond constraints`, () => {
  it.each([
    ['an inline unique key on a new column', 'alter table public.b add column code text unique;'],
    ['an inline foreign key on a new column with a default', 'alter table public.b add column parent_id int default 1 references public.a (id);'],
    ['VACUUM FULL', 'vacuum full public.b;'],
    ['CLUSTER', 'cluster public.b using b_a_id_idx;'],
  ])('reports %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toHaveLength(1);
  });
});

describe(`${RULE} and the comment above the statement`, () => {
  const fk = 'alter table public.b add constraint fk foreign key (a_id) references public.a (id);';

  it('stays quiet when the comment calls the table tiny or accepts the lock', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- b is tiny (about 300 rows).\n${fk}`)], BEFORE)).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- We accept the lock: this runs during planned downtime.\n${fk}`)], BEFORE)).toEqual([]);
  });

  it('still reports when the comment gives a large size', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `-- b has 3 million rows.\n${fk}`)], BEFORE)).toHaveLength(1);
  });
});

describe(`${RULE} on VALIDATE CONSTRAINT`, () => {
  const add = 'alter table public.b add constraint fk foreign key (a_id) references public.a (id) not valid;';
  const validate = 'alter table public.b validate constraint fk;';

  it('reports a validation in the same migration file (one transaction) as the NOT VALID add, at the validate', async () => {
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_b', `${add}\n${validate}`)], BEFORE);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 2, severity: 'medium' });
    expect(f.message).toContain('NOT VALID gains nothing');
  });

  it('reports it across op.execute calls of one Alembic revision, not from an autocommit block', async () => {
    const revision = (validateCall: string) =>
      `from alembic import op\n\nrevision = "b"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("${add}")\n${validateCall}\n`;
    const inline = await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision(`    op.execute("${validate}")`) }], BEFORE);
    const apart = await findingsOf(RULE, [{ path: 'alembic/versions/b.py', head: revision(`    with op.get_context().autocommit_block():\n        op.execute("${validate}")`) }], BEFORE);
    expect([inline.map((f) => f.line), apart]).toEqual([[9], []]);
  });

  it('ignores a validation in a later migration file', async () => {
    const before = { ...BEFORE, ...existing({ '20241201000000_fk': add }) };
    expect(await findingsOf(RULE, [migration('20250101000000_b', validate)], before)).toEqual([]);
  });
});
