import {
  orderAlembicRevisions,
  sqlMigrationPaths,
  supabaseConfigPath,
  upSection,
} from '../../../../../../src/review/analyse/static/sql/source/migration-paths.js';

describe('migration paths', () => {
  it('orders SQL migrations naturally and leaves out down scripts', () => {
    const paths = [
      'db/migrations/V10__b.sql',
      'db/migrations/V2__a.sql',
      'db/migrations/U2__a.sql',
      'migrations/003_x.down.sql',
      'migrations/003_x.up.sql',
      'supabase/seed.sql',
      'app/main.py',
    ];
    expect(sqlMigrationPaths(paths)).toEqual(['db/migrations/V2__a.sql', 'db/migrations/V10__b.sql', 'migrations/003_x.up.sql']);
  });

  it('leaves out the migrations of another database engine kept beside the PostgreSQL ones', () => {
    const paths = ['app/clickhouse/migrations/0000_init.sql', 'collector/clickhouse/migrations/add_project_id.sql', 'db/mysql/migrations/1.sql', 'supabase/migrations/20240101000000_a.sql'];
    expect(sqlMigrationPaths(paths)).toEqual(['supabase/migrations/20240101000000_a.sql']);
  });

  it('keeps only the up part of dbmate and goose files', () => {
    expect(upSection('-- migrate:up\ncreate table a (id int);\n\n-- migrate:down\ndrop table a;\n')).toBe('-- migrate:up\ncreate table a (id int);\n\n');
    expect(upSection('-- +goose Up\nselect 1;\n-- +goose Down\ndrop table a;')).toBe('-- +goose Up\nselect 1;\n');
    expect(upSection('select 1;')).toBe('select 1;');
  });

  it('orders Alembic revisions along down_revision, merges included', () => {
    const files = [
      { path: 'alembic/versions/ccc.py', text: 'revision = "c"\ndown_revision = ("a", "b")\n' },
      { path: 'alembic/versions/bbb.py', text: 'revision = "b"\ndown_revision = "a"\n' },
      { path: 'alembic/versions/aaa.py', text: 'revision: str = "a"\ndown_revision: Union[str, None] = None\n' },
      { path: 'alembic/versions/zzz.py', text: '# no revision id' },
    ];
    expect(orderAlembicRevisions(files)).toEqual(['alembic/versions/aaa.py', 'alembic/versions/bbb.py', 'alembic/versions/ccc.py', 'alembic/versions/zzz.py']);
  });

  it('runs two branches of a merge as Alembic does: the last parent\'s branch first, whatever the filenames', () => {
    // A sibling renames a table the other branch still alters under its old name; Alembic runs `f131` first.
    const files = [
      { path: 'v/f53e_merge.py', text: 'revision = "f53e"\ndown_revision = None\n' },
      { path: 'v/aaa8_prefix_tables.py', text: 'revision = "aaa8"\ndown_revision = "f53e"\n' },
      { path: 'v/f131_add_is_default.py', text: 'revision = "f131"\ndown_revision = "f53e"\n' },
      { path: 'v/4fc3_merge_heads.py', text: 'revision = "4fc3"\ndown_revision = ("aaa8", "f131")\n' },
      { path: 'v/9000_later.py', text: 'revision = "9000"\ndown_revision = "4fc3"\n' },
    ];
    expect(orderAlembicRevisions(files)).toEqual(['v/f53e_merge.py', 'v/f131_add_is_default.py', 'v/aaa8_prefix_tables.py', 'v/4fc3_merge_heads.py', 'v/9000_later.py']);
    // Unrelated histories (two roots, two heads) keep filename order.
    expect(orderAlembicRevisions([{ path: 'v/b.py', text: 'revision = "b"\ndown_revision = None\n' }, { path: 'v/a.py', text: 'revision = "a"\ndown_revision = None\n' }])).toEqual(['v/a.py', 'v/b.py']);
  });

  it('finds the shallowest supabase/config.toml', () => {
    expect(supabaseConfigPath(['apps/x/supabase/config.toml', 'supabase/config.toml'])).toBe('supabase/config.toml');
    expect(supabaseConfigPath(['app/main.py'])).toBeUndefined();
  });
});
