import { neutraliseBindParams } from '../../../../../../src/review/analyse/static/sql/alembic/bind-params.js';
import { tablesInDdl } from '../../../../../../src/review/analyse/static/sql/source/mentioned-tables.js';

describe('neutraliseBindParams', () => {
  it.each([
    ['text() parameters', 'update t set a = :value where id = :id', 'update t set a = $1     where id = $1 '],
    ['casts, strings, comments and dollar bodies untouched', "select x::int, ':no' -- :no\n, $$ :no $$", "select x::int, ':no' -- :no\n, $$ :no $$"],
    ['driver parameters', 'insert into t values (%(name)s, %s)', 'insert into t values ($1      , $1)'],
    ['an escaped colon', 'select 1 as a\\:b', 'select 1 as a :b'],
    ['a list expanded after IN', "select id from t where name IN :names and k in %(kinds)s and a = :a", "select id from t where name IN ($1)   and k in ($1)      and a = $1"],
  ])('rewrites %s, keeping every position', (_name, sql, out) => {
    expect(neutraliseBindParams(sql)).toBe(out);
    expect(neutraliseBindParams(sql)).toHaveLength(sql.length);
  });
});

describe('tablesInDdl', () => {
  it('reads the tables DDL it cannot parse acts on, the created one first', () => {
    expect(tablesInDdl('alter table "Shop".orders add x int; create unlogged table if not exists public.carts (id int) engine = x')).toEqual({
      tables: [{ schema: 'public', name: 'carts' }, { schema: 'Shop', name: 'orders' }],
      creates: true,
    });
    expect(tablesInDdl('create unique index concurrently ix on only items (a); create policy "p" on notes using (x)')).toEqual({
      tables: [{ name: 'items' }, { name: 'notes' }],
      creates: false,
    });
  });

  it('skips names computed at run time, and takes a table under a computed schema as the default schema one', () => {
    expect(tablesInDdl('alter table "{}" add x int; create index ix on "{}".chat_session (a)')).toEqual({ tables: [{ name: 'chat_session' }], creates: false });
  });
});
