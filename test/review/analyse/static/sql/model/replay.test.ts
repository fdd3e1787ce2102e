import { modelOf } from './replay-helper.js';

describe('replay', () => {
  it('builds tables with columns, keys, foreign keys and the RLS flag', async () => {
    const model = await modelOf(
      'create table public.a (id uuid primary key, email text not null, n int default 1, unique (email, n));',
      'create table b (a_id uuid references public.a (id), constraint fk2 foreign key (a_id) references a (id));\nalter table b enable row level security;',
    );
    const a = model.tables.get('public.a')!;
    expect([...a.columns.values()].map((c) => [c.name, c.type.name, c.notNull, c.hasDefault])).toEqual([
      ['id', 'uuid', true, false],
      ['email', 'text', true, false],
      ['n', 'int4', false, true],
    ]);
    expect([...model.indexes.values()].map((i) => [i.name?.key, i.columns])).toEqual([
      ['public.a_pkey', ['id']],
      ['public.a_email_n_key', ['email', 'n']],
    ]);
    const b = model.tables.get('public.b')!;
    expect(b.rls).toBe(true);
    expect(b.foreignKeys.map((f) => [f.columns, f.references])).toEqual([
      [['a_id'], 'public.a'],
      [['a_id'], 'public.a'],
    ]);
  });

  it('applies ALTER POLICY, RENAME and DROP POLICY', async () => {
    const model = await modelOf(
      'create table t (id int);\ncreate policy p on t for update using (true);\ncreate policy q on t as restrictive for select to anon using (false);',
      'alter policy p on t to authenticated with check (id > 0);\nalter policy q on t rename to r;\ndrop policy if exists r on public.t;',
    );
    const policies = [...model.tables.get('public.t')!.policies.values()];
    expect(policies.map((p) => [p.name, p.command, p.permissive, p.roles, !!p.using, !!p.withCheck, p.definedBy.length])).toEqual([
      ['p', 'update', true, ['authenticated'], true, true, 2],
    ]);
  });

  it('keeps the policies that DROP POLICY removed and the versions ALTER POLICY replaced', async () => {
    const model = await modelOf(
      'create table t (id int, owner uuid);\ncreate policy own on t for select using (owner = auth.uid());\ncreate policy w on t for update using (true);',
      'alter policy own on t using (true);\ndrop policy w on t;\ndrop policy if exists never on t;',
    );
    const former = model.tables.get('public.t')!.formerPolicies;
    expect(former.map((f) => [f.policy.name, f.policy.command, f.endedBy.line])).toEqual([
      ['own', 'select', 1],
      ['w', 'update', 2],
    ]);
    expect(JSON.stringify(former[0].policy.using)).toContain('owner');
    expect(JSON.stringify(model.tables.get('public.t')!.policies.get('own')!.using)).not.toContain('owner');
  });

  it('keeps RLS and policies when a table is renamed or moved to another schema', async () => {
    const model = await modelOf('create table t (id int);\nalter table t enable row level security;\nalter table t rename to u;\nalter table u set schema private;');
    expect(model.tables.has('public.t')).toBe(false);
    expect(model.tables.get('private.u')?.rls).toBe(true);
  });

  it('tracks grants, revokes, schema-wide grants and default privileges', async () => {
    const model = await modelOf(
      'create table a (id int);\nrevoke all on a from anon;\ngrant select on a to anon;',
      'alter default privileges in schema public revoke all on tables from anon, authenticated;\ncreate table b (id int);',
      'grant insert on all tables in schema public to authenticated;',
    );
    const roles = (key: string) => Object.fromEntries([...model.tables.get(key)!.grants].map(([r, p]) => [r, [...p].sort()]));
    expect(roles('public.a').anon).toEqual(['select']);
    expect(roles('public.b').anon).toBeUndefined();
    expect(roles('public.b').authenticated).toEqual(['insert']);
  });

  it('models functions by signature, with options, grants, replacement and drops', async () => {
    const model = await modelOf(
      "create function public.f(a uuid) returns int language sql security definer set search_path = '' as $$ select 1 $$;",
      'create function public.f(a int) returns int language sql as $$ select 2 $$;\nrevoke execute on function public.f(uuid) from public, anon;',
      'create or replace function public.f(a uuid) returns int language plpgsql security definer as $$ begin return 3; end $$;\ndrop function public.f(integer);',
    );
    const live = [...model.functions.values()].filter((f) => !f.dropped);
    expect(live.map((f) => [f.args, f.securityDefiner, f.searchPathSet, f.language, [...f.executors].sort()])).toEqual([
      ['uuid', true, false, 'plpgsql', ['authenticated', 'service_role']],
    ]);
    expect(live[0].body).toContain('return 3');
  });

  it('records view options and the relations a view reads, CTE names excluded', async () => {
    const model = await modelOf(
      'create view v with (security_invoker = true) as with c as (select * from public.a) select * from c join auth.users u on true;',
      'alter view v set (security_invoker = false);',
    );
    const v = model.views.get('public.v')!;
    expect(v.sources.sort()).toEqual(['auth.users', 'public.a']);
    expect(v.securityInvoker).toBe(false);
    expect(v.definedBy).toHaveLength(2);
  });

  it('puts unqualified names in the schema of set search_path, per file', async () => {
    const model = await modelOf('set search_path to app, public;\ncreate table t (id int);', 'create table u (id int);');
    expect([...model.tables.keys()].sort()).toEqual(['app.t', 'public.u']);
  });

  it('drops indexes with their table and remembers what DROP INDEX removed', async () => {
    const model = await modelOf('create table t (id int);\ncreate index t_id on t (id);\nalter index t_id rename to t_id2;\ndrop index t_id2;');
    expect(model.indexes.size).toBe(0);
    expect([...model.droppedIndexes.values()][0].map((i) => i.name?.key)).toEqual(['public.t_id2']);
  });

  it('names the indexes PostgreSQL names itself with a free name: a renamed table keeps `<old>_pkey`, the next one with that name gets `<old>_pkey1`', async () => {
    const model = await modelOf(
      'create table t (id int primary key);\nalter table t rename to u;\ncreate table t (id int primary key);',
      'create index on t (id);\ncreate index on t (id);\ncreate table t_id_idx2 (x int);\ncreate index on t (id);',
    );
    expect([...model.indexes.values()].map((i) => [i.name?.key, i.table.name.key])).toEqual([
      ['public.t_pkey', 'public.u'],
      ['public.t_pkey1', 'public.t'],
      ['public.t_id_idx', 'public.t'],
      ['public.t_id_idx1', 'public.t'],
      ['public.t_id_idx3', 'public.t'],
    ]);
  });
});
