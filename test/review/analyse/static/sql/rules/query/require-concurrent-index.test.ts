import { existing, findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'require-concurrent-index';
const BEFORE = existing({
  '20240101000000_a': 'create table public.invoices (id int, status text, due date);\ncreate index invoices_due_idx on public.invoices (due);',
});

describe(RULE, () => {
  it('reports CREATE INDEX on a pre-existing table and suggests CONCURRENTLY', async () => {
    const sql = '-- dunning scan\ncreate index if not exists invoices_status_idx\n  on public.invoices (status);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(f).toMatchObject({ line: lineOf(sql, 'create index'), category: 'query', severity: 'medium' });
    expect(f.suggestion).toBe('create index concurrently if not exists invoices_status_idx');
  });

  it('leaves a table a migration dated less than a week earlier created (it has had no time to fill); unknown dates count as old', async () => {
    const sql = 'create index invoices_status_idx on public.invoices (status);';
    expect(await findingsOf(RULE, [migration('20240105093000_b', sql)], BEFORE)).toEqual([]);
    expect(await findingsOf(RULE, [migration('20240109000000_b', sql)], BEFORE)).toHaveLength(1);
    const alembic = (rev: string) =>
      `from alembic import op\n\nrevision = "${rev}"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_index("ix_invoices_status", "invoices", ["status"])\n`;
    const created = 'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "a"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("invoices", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("status", sa.Text()))\n';
    const dated = { 'alembic/versions/2024_09_08_2159-a_invoices.py': created };
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/2024_09_10_0800-b_status.py', head: alembic('b') }], dated)).toEqual([]);
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/2024_10_10_0800-b_status.py', head: alembic('b') }], dated)).toHaveLength(1);
    const hashed = { 'alembic/versions/202409080abc_invoices.py': created };
    expect(await findingsOf(RULE, [{ path: 'alembic/versions/2024_09_10_0800-b_status.py', head: alembic('b') }], hashed)).toHaveLength(1);
  });

  it('offers no in-place edit when the file has other statements (CONCURRENTLY would fail in its transaction)', async () => {
    const sql = 'alter table public.invoices add column note text;\ncreate index invoices_status_idx on public.invoices (status, note);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE);
    expect(f.line).toBe(2);
    expect(f.suggestion).toBeUndefined();
    // The earlier ADD COLUMN's ACCESS EXCLUSIVE lock is still held: the message says so, with its line.
    expect(f.message).toContain('The `alter table` at line 1 already holds an ACCESS EXCLUSIVE lock on `public.invoices`');
    // A statistics target takes a weaker lock: the plain message.
    const stats = 'alter table public.invoices alter column status set statistics 500;\ncreate index invoices_status_idx on public.invoices (status);';
    const [g] = await findingsOf(RULE, [migration('20250101000000_b', stats)], BEFORE);
    expect(g.message).toMatch(/^`create index` on the existing table `public.invoices` takes a SHARE lock/);
  });

  it('leaves an index built in the transaction that already rewrites the table (the type change is the finding)', async () => {
    const sql = 'alter table public.invoices alter column status type varchar(20);\ncreate index invoices_status_idx on public.invoices (status);';
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
    expect(await findingsOf('blocking-ddl-lock', [migration('20250101000000_b', sql)], BEFORE)).toHaveLength(1);
    const separate = [migration('20250101000000_b', sql.split('\n')[0]), migration('20250101000001_c', sql.split('\n')[1])];
    expect(await findingsOf(RULE, separate, BEFORE)).toHaveLength(1);
  });

  it.each([
    ['SET NOT NULL (a scan of every row)', 'alter table public.invoices alter column status set not null;'],
    ['a validated CHECK (a scan of every row)', "alter table public.invoices add constraint status_known check (status in ('open', 'paid'));"],
  ])('leaves an index built after %s in the same transaction, not after a NOT VALID check', async (_name, first) => {
    const sql = `${first}\ncreate index invoices_status_idx on public.invoices (status);`;
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
    const notValid = "alter table public.invoices add constraint status_known check (status in ('open', 'paid')) not valid;\ncreate index invoices_status_idx on public.invoices (status);";
    expect(await findingsOf(RULE, [migration('20250101000000_b', notValid)], BEFORE)).toHaveLength(1);
  });

  describe('an index on columns the same transaction just added', () => {
    // All NULL, on a table the ADD COLUMN holds in ACCESS EXCLUSIVE until commit: nothing to sort, and
    // CONCURRENTLY cannot run there.
    it.each([
      ['one new column', 'alter table public.invoices add column note text;\ncreate index invoices_note_idx on public.invoices (note);'],
      ['new columns added by two statements, with default null', 'alter table public.invoices add column a text;\nalter table public.invoices add column b int default null;\ncreate unique index on public.invoices (a, b);'],
      ['a GIN index on a new tsvector column', 'alter table public.invoices add column search tsvector;\ncreate index on public.invoices using gin (search);'],
    ])('is quiet for %s', async (_name, sql) => {
      expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
    });

    it('is quiet in an Alembic revision (add_column, then create_index)', async () => {
      const head =
        'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "b"\ndown_revision = None\n\n\ndef upgrade():\n' +
        '    op.add_column("invoices", sa.Column("note", sa.Text(), nullable=True))\n    op.create_index("ix_invoices_note", "invoices", ["note"])\n';
      expect(await findingsOf(RULE, [{ path: 'alembic/versions/b_note.py', head }], BEFORE)).toEqual([]);
    });

    it.each([
      ['a column filled by its default', 'alter table public.invoices add column note text default \'none\';\ncreate index on public.invoices (note);'],
      ['an existing column beside the new one', 'alter table public.invoices add column note text;\ncreate index on public.invoices (note, status);'],
      ['an expression', 'alter table public.invoices add column note text;\ncreate index on public.invoices (lower(note));'],
    ])('still reports %s', async (_name, sql) => {
      expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toHaveLength(1);
    });

    it('still reports a column added by an earlier migration file (it may hold values by now)', async () => {
      const files = [migration('20250101000000_b', 'alter table public.invoices add column note text;'), migration('20250101000001_c', 'create index on public.invoices (note);')];
      expect(await findingsOf(RULE, files, BEFORE)).toHaveLength(1);
    });
  });

  it('reports CREATE UNIQUE INDEX in upper case', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', 'CREATE UNIQUE INDEX x ON public.invoices (id);')], BEFORE);
    expect(f.suggestion).toBe('CREATE UNIQUE INDEX concurrently x ON public.invoices (id);');
  });

  it('reports DROP INDEX of a pre-existing index', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', 'drop index public.invoices_due_idx;')], BEFORE);
    expect(f.suggestion).toBe('drop index concurrently public.invoices_due_idx;');
  });

  it.each([
    ['a concurrent build', 'create index concurrently x on public.invoices (status);'],
    ['a table created in the same file', 'create table public.t (a int);\ncreate index on public.t (a);'],
    ['a concurrent drop', 'drop index concurrently public.invoices_due_idx;'],
    ['the indexes of a table the same migration drops', 'drop index public.invoices_due_idx;\ndrop table public.invoices;'],
    ['a drop after an alter table that holds the lock already', 'alter table public.invoices add column paid boolean;\ndrop index public.invoices_due_idx;'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', sql)], BEFORE)).toEqual([]);
  });

  it('ignores a table created earlier in the same pull request', async () => {
    const found = await findingsOf(RULE, [
      migration('20250101000000_b', 'create table public.t (a int);'),
      migration('20250101000001_c', 'create index on public.t (a);'),
    ]);
    expect(found).toEqual([]);
  });

  it('ignores pre-existing indexes the pull request does not touch', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'select 1;')], BEFORE)).toEqual([]);
  });
});

describe(`${RULE} on REINDEX`, () => {
  it('reports REINDEX without CONCURRENTLY and suggests it', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_b', 'reindex index public.invoices_due_idx;')], BEFORE);
    expect(f.suggestion).toBe('reindex index concurrently public.invoices_due_idx;');
  });

  it('ignores REINDEX CONCURRENTLY', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', 'reindex table concurrently public.invoices;')], BEFORE)).toEqual([]);
  });
});

describe(`${RULE} and the comment above the statement`, () => {
  const build = 'create index invoices_status_idx on public.invoices (status);';

  it.each([
    ['calls the table small', '-- invoices is small (a few thousand rows); a plain index build is fine here.\n'],
    ['accepts the lock, one blank line above', '-- Runs in the Sunday maintenance window.\n\n'],
    ['says the table is empty in a block comment', '/* The invoices table is still empty:\n   billing ships next month. */\n'],
  ])('stays quiet when it %s', async (_name, comment) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `${comment}${build}`)], BEFORE)).toEqual([]);
  });

  it.each([
    ['says the table is large', '-- invoices holds ~40M rows and takes writes all day.\n'],
    ['is about something else', '-- Speeds up the dunning screen.\n'],
    ['is two blank lines away', '-- invoices is small.\n\n\n'],
    ['says the table is not small', '-- invoices is not small any more.\n'],
    ['trails the previous statement', 'select 1; -- invoices is small\n'],
  ])('still reports when the comment %s', async (_name, comment) => {
    expect(await findingsOf(RULE, [migration('20250101000000_b', `${comment}${build}`)], BEFORE)).toHaveLength(1);
  });

  it('reads the Python comment above an Alembic op call', async () => {
    const revision = (comment: string) =>
      `from alembic import op\n\nrevision = "b"\ndown_revision = None\n\n\ndef upgrade():\n${comment}    op.execute(\n        "create index ix_status on invoices (status)"\n    )\n`;
    const small = await findingsOf(RULE, [{ path: 'alembic/versions/b_status.py', head: revision('    # invoices is tiny; a plain build is fine.\n') }], BEFORE);
    const other = await findingsOf(RULE, [{ path: 'alembic/versions/b_status.py', head: revision('    # the status screen filters on it\n') }], BEFORE);
    expect([small.length, other.length]).toEqual([0, 1]);
  });
});
