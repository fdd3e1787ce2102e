import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'function-search-path-mutable';
const DEFINER = `create function public.owns_note(p uuid)\nreturns boolean\nlanguage sql\nsecurity definer\nas $$ select exists (select 1 from notes where id = p) $$;`;

describe(RULE, () => {
  it('reports a SECURITY DEFINER function without set search_path; who can call it is the exposure rule\'s to say', async () => {
    const sql = `-- helper\n${DEFINER}`;
    const all = (await import('../../run-sql.js')).runSql;
    const result = await all([migration('20250101000000_f', sql)]);
    const mine = result.findings.filter((f) => f.line === lineOf(sql, 'create function'));
    expect(mine.map((f) => f.rule).sort()).toEqual([RULE, 'security-definer-function-exposed']);
    const pinning = mine.find((f) => f.rule === RULE)!;
    expect(pinning).toMatchObject({ category: 'rls', severity: 'high' });
    expect(pinning.message).not.toContain('revoke execute');
  });

  it('points at the security definer option when it sits far below the opening line', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `  -- step ${i}`).join('\n');
    const sql = `create or replace function public.lookup(p text)\nreturns setof uuid as $$\nbegin\n${body}\n  return query select id from accounts where token = p;\nend;\n$$ language plpgsql security definer;`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', sql)]);
    expect(f.line).toBe(lineOf(sql, 'security definer'));
  });

  it('reports a later ALTER FUNCTION that resets search_path', async () => {
    const sql = `create function private.f() returns int language sql security definer set search_path = '' as $$ select count(*)::int from notes $$;\nalter function private.f() reset search_path;`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', `create schema private;\n${sql}`)]);
    expect(f.line).toBe(3);
  });

  it('names what the body leaves unqualified, and leaves a body that qualifies every table and project function alone', async () => {
    const helper = "create function public.is_admin(u uuid) returns boolean language sql stable set search_path = '' as $$ select true $$;\n";
    const qualified = `${helper}create function public.f(p uuid) returns boolean language plpgsql security definer as $$\nbegin\n  -- from notes\n  return exists (select 1 from public.notes n join auth.users u on u.id = n.owner where n.id = p and public.is_admin(p) and lower('from x') = 'x');\nend;\n$$;`;
    // Only built-ins are left: no name to list, but operators and built-ins still follow the caller's
    // search_path (a schema before pg_catalog), and the function runs as its owner: low, pin it.
    const [low, ...none] = await findingsOf(RULE, [migration('20250101000000_f', qualified)]);
    expect(none).toEqual([]);
    expect(low).toMatchObject({ severity: 'low' });
    expect(low!.message).toContain('qualifies what it names');
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', qualified.replace('public.is_admin(p)', 'is_admin(p)').replace('from public.notes', 'from notes'))]);
    expect(f.message).toContain('(`notes`, `is_admin()`)');
    expect(f.severity).toBe('high');
  });

  it('reports a SECURITY INVOKER trigger function that Supabase Auth runs, at medium severity, naming the trigger', async () => {
    const fn = 'create function public.handle_new_user() returns trigger language plpgsql as $$\nbegin\n  insert into profiles (id) values (new.id);\n  return new;\nend;\n$$;\n';
    const trigger = 'create trigger on_auth_user_created after insert on auth.users for each row execute function public.handle_new_user();\n';
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', fn + trigger)]);
    expect(f).toMatchObject({ severity: 'medium', line: 1 });
    expect(f.message).toContain('(`profiles`)');
    expect(f.message).toContain('trigger on `auth.users`');
    // The same function behind a trigger of the app's own table runs in the app's session: nothing to say.
    const own = 'create table public.notes (id uuid primary key);\ncreate trigger notes_created after insert on public.notes for each row execute function public.handle_new_user();\n';
    expect(await findingsOf(RULE, [migration('20250101000000_f', fn + own)])).toEqual([]);
    // Storage's server puts `public` on its search_path: a trigger on storage.objects finds `profiles` as the app does.
    const storage = 'create trigger on_file_upload after insert on storage.objects for each row execute function public.handle_new_user();\n';
    expect(await findingsOf(RULE, [migration('20250101000000_f', fn + storage)])).toEqual([]);
  });

  it('does not take the transition tables its triggers hand over (referencing new table as new_rows) for names the search_path resolves', async () => {
    const table = 'create table public.objects (id uuid primary key, bucket text);\n';
    const fn = (from: string) => `create function public.count_new() returns trigger language plpgsql security definer as $$\nbegin\n  perform count(*) from ${from};\n  return null;\nend;\n$$;\n`;
    const trigger = 'create trigger objects_counted after insert on public.objects referencing new table as new_rows for each statement execute function public.count_new();\n';
    expect(await findingsOf(RULE, [migration('20250101000000_f', table + fn('new_rows') + trigger)])).toEqual([]);
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', table + fn('new_rows join objects using (id)') + trigger)]);
    expect(f.message).toContain('(`objects`)');
  });

  it('reads PL/pgSQL: a declared %rowtype, a cast to a project enum, a project function in an assignment', async () => {
    const types = "create type public.mood as enum ('ok', 'sad');\ncreate function public.score(m public.mood) returns int language sql immutable set search_path = '' as $$ select 1 $$;\n";
    const fn = (body: string) => `${types}create function public.f(p uuid) returns int language plpgsql security definer as $$\ndeclare\n${body}\nend;\n$$;`;
    const names = async (body: string) => (await findingsOf(RULE, [migration('20250101000000_f', fn(body))])).map((f) => f.message.match(/unqualified \((.*)\) resolve/)?.[1]);
    expect(await names('  r notes%rowtype;\nbegin\n  return 1;')).toEqual(['`notes`']);
    expect(await names("  n int;\nbegin\n  n := public.score('ok'::mood);\n  return n;")).toEqual(['`mood`']);
    expect(await names("  n int;\nbegin\n  n := score('ok'::public.mood);\n  return n;")).toEqual(['`score()`']);
  });

  it('does not report a SECURITY INVOKER function any client can call over the Data API (splinter 0011); the same as SECURITY DEFINER it does', async () => {
    // splinter 0011's own case lists it, but an invoker function runs with the caller's rights: a name the caller
    // shadows through their own search_path fools only them. Lint-level hardening, not a review finding.
    const abc = 'create function public.abc()\n  returns int\n  language sql\nas $$\n  select 1;\n$$;\n';
    expect(await findingsOf(RULE, [migration('20250101000000_f', abc)])).toEqual([]);
    const rotate = 'create function public.rotate_key(p uuid) returns uuid language plpgsql as $$\nbegin\n  update projects set api_key = gen_random_uuid() where id = p;\n  return p;\nend;\n$$;';
    expect(await findingsOf(RULE, [migration('20250101000000_f', rotate)])).toEqual([]);
    // The same bodies run with the owner's rights: reported, as before (low when the body names nothing, high when it names a table).
    const definer = (sql: string) => sql.replace(/language (sql|plpgsql)/, 'language $1 security definer');
    const [low, ...noMore] = await findingsOf(RULE, [migration('20250101000000_f', definer(abc))]);
    expect(noMore).toEqual([]);
    expect(low).toMatchObject({ line: 1, severity: 'low', category: 'rls' });
    expect(low.message).toContain('qualifies what it names');
    const [high] = await findingsOf(RULE, [migration('20250101000000_f', definer(rotate))]);
    expect(high.severity).toBe('high');
    expect(high.message).toMatch(/SECURITY DEFINER function `public.rotate_key\(uuid\)`[\s\S]*unqualified \(`projects`\) resolve through the caller's search_path/);
  });

  it.each([
    // A SECURITY INVOKER function no Supabase service's session runs is never reported, exposed or not.
    ['a SECURITY INVOKER function of a private schema that resolves a table', 'create schema private;\ncreate function private.rotate_key(p uuid) returns uuid language plpgsql as $$\nbegin\n  update projects set api_key = gen_random_uuid() where id = p;\n  return p;\nend;\n$$;'],
    ['a SECURITY INVOKER function of public whose EXECUTE is revoked from the API roles', 'create function public.abc() returns int language sql as $$ select 1; $$;\nrevoke execute on function public.abc() from public, anon, authenticated;'],
    ['a SECURITY INVOKER trigger function of public (not callable over the API)', 'create function public.handle_updated_at() returns trigger language plpgsql as $$\nbegin\n  new.updated_at := now();\n  return new;\nend;\n$$;'],
    ['a SQL-standard body, bound when created', 'create function public.n() returns bigint language sql security definer begin atomic select count(*) from notes; end;'],
    ['set search_path', `create function public.f() returns int language sql security definer set search_path = '' as $$ select 1 $$;`],
    ['a SECURITY INVOKER function of public with set search_path', "create function public.f() returns int language sql set search_path = '' as $$ select 1 $$;"],
    ['a SECURITY INVOKER function of public pinned by a later ALTER FUNCTION', 'create function public.f() returns int language sql as $$ select 1 $$;\nalter function public.f() set search_path = public;'],
    ['search_path fixed by a later ALTER FUNCTION', `${DEFINER}\nalter function public.owns_note(uuid) set search_path = public;`],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });
  it.each([
    ['a SECURITY DEFINER body that names nothing', 'create function public.abc() returns int language sql security definer as $$ select 1 $$;'],
    ['CTEs and temporary tables of its own', "create function public.f() returns int language plpgsql security definer as $$\nbegin\n  create temp table scratch (id int) on commit drop;\n  insert into scratch select id from public.notes;\n  return (with c as (select count(*) as n from scratch) select n from c);\nend;\n$$;"],
    ['words that follow FROM or UPDATE without being tables', "create function public.touch(b text, o text) returns int language plpgsql security definer as $$\ndeclare\n  edited float;\nbegin\n  if b is distinct from o then edited := extract(epoch from now()); end if;\n  insert into public.log (id) values (b) on conflict (id) do update set id = excluded.id;\n  perform pg_notify('notes', b);\n  return 1;\nend;\n$$;"],
  ])('names nothing (only low, never a list of names) for %s', async (_name, sql) => {
    const found = await findingsOf(RULE, [migration('20250101000000_f', sql)]);
    expect(found.map((f) => [f.severity, /qualifies what it names/.test(f.message)])).toEqual([['low', true]]);
  });

  it('leaves trigger functions whose body names nothing, and ones no trigger runs; reports a running one that resolves a table', async () => {
    const fn = (body: string) => `create function public.on_note() returns trigger language plpgsql security definer as $$\nbegin\n  ${body};\n  return new;\nend;\n$$;\n`;
    const table = 'create table public.notes (id uuid primary key);\ncreate table public.log (id uuid);\n';
    const trigger = 'create trigger notes_log after insert on public.notes for each row execute function public.on_note();\n';
    // Qualified: the writer's session resolves nothing of it, and no client can call a trigger function.
    expect(await findingsOf(RULE, [migration('20250101000000_f', table + fn('insert into public.log (id) values (new.id)') + trigger)])).toEqual([]);
    // Unqualified but never run: dead code, whatever its owner and grants say.
    const kept = 'alter function public.on_note() owner to postgres;\ngrant all on function public.on_note() to anon;\n';
    expect(await findingsOf(RULE, [migration('20250101000000_f', table + fn('insert into log (id) values (new.id)') + kept)])).toEqual([]);
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', table + fn('insert into log (id) values (new.id)') + trigger)]);
    expect(f.message).toContain('(`log`)');
    // A trigger made by dynamic SQL names the function: it runs.
    const dynamic = "do $$ begin execute format('create trigger t after insert on %I for each row execute function public.on_note()', 'notes'); end $$;\n";
    expect(await findingsOf(RULE, [migration('20250101000000_f', table + fn('insert into log (id) values (new.id)') + dynamic)])).toHaveLength(1);
  });
});
