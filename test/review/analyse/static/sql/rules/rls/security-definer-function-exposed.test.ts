import { findingsOf, migration, runSql } from '../../run-sql.js';

const RULE = 'security-definer-function-exposed';
const fn = (schema: string, returns = 'int', body = 'select 1') =>
  `create function ${schema}.f() returns ${returns} language sql security definer set search_path = '' as $$ ${body} $$;`;

describe(RULE, () => {
  it('reports a definer function in public that the API roles can execute', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', fn('public'))]);
    expect(f).toMatchObject({ line: 1, category: 'rls', severity: 'high' });
    expect(f.message).not.toMatch(/revoke does not reach/);
  });

  it('leaves a checked RPC: the body checks the caller, directly or through a helper of the schema', async () => {
    expect(await findingsOf(RULE, [migration('20250101000000_f', fn('public', 'int', 'select count(*) from public.t where owner = auth.uid()'))])).toEqual([]);
    const helper = "create function public.is_org_admin(org int) returns boolean language sql stable as $$ select exists (select 1 from public.members m where m.org_id = org and m.user_id = auth.uid() and m.role = 'admin') $$;\n";
    const rename = (body: string) => `${helper}create function public.rename_org(org int, name text) returns void language plpgsql security definer set search_path = '' as $$ begin ${body} update public.orgs set name = rename_org.name where id = org; end $$;`;
    expect(await findingsOf(RULE, [migration('20250101000000_f', rename("if not public.is_org_admin(org) then raise exception 'forbidden'; end if;"))])).toEqual([]);
    // Without the check, the same function renames any organisation for anyone.
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', rename(''))]);
    expect(f).toMatchObject({ severity: 'high' });
    expect(f.message).toContain('without checking who calls it');
  });

  it('leaves an RPC gated by a secret token the caller passes, and reports one that looks rows up by a plain id', async () => {
    const share = (column: string) =>
      'create table public.users (id uuid primary key, name text, share_token text);\n' +
      `create function public.get_shared(token_input text) returns table(name text) language plpgsql security definer set search_path = '' as $$ begin return query select u.name from public.users u where u.${column} = token_input; end $$;`;
    expect(await findingsOf(RULE, [migration('20250101000000_f', share('share_token'))])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_f', share('id::text'))])).toHaveLength(1);
  });

  it('leaves a read-only yes/no helper that policies call; reports it when no policy does, or when it writes', async () => {
    const helper = (body: string) =>
      'create table public.user_roles (user_id uuid, role text);\n' +
      `create function public.has_role(_user_id uuid, _role text) returns boolean language sql stable security definer set search_path = '' as $$ ${body} $$;\n`;
    const read = 'select exists (select 1 from public.user_roles where user_id = _user_id and role = _role)';
    const policy = 'create table public.posts (id int);\nalter table public.posts enable row level security;\n' +
      "create policy admins on public.posts for all to authenticated using (public.has_role(auth.uid(), 'admin'));";
    expect(await findingsOf(RULE, [migration('20250101000000_f', helper(read) + policy)])).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_f', helper(read))])).toHaveLength(1);
    const writes = `insert into public.user_roles values (_user_id, _role) returning true`;
    expect(await findingsOf(RULE, [migration('20250101000000_f', helper(writes) + policy)])).toHaveLength(1);
  });

  it('reports a GRANT EXECUTE to anon on a pre-existing revoked function', async () => {
    const before = { 'supabase/migrations/20240101000000_f.sql': `${fn('public')}\nrevoke execute on function public.f() from public, anon, authenticated;` };
    const [f] = await findingsOf(RULE, [migration('20250101000000_g', 'grant execute on function public.f() to anon;')], before);
    expect(f.line).toBe(1);
  });

  it.each([
    ['EXECUTE revoked from public, anon and authenticated', `${fn('public')}\nrevoke execute on function public.f() from public, anon, authenticated;`],
    ['a private schema', `create schema private;\n${fn('private')}`],
    ['a trigger function', fn('public', 'trigger', 'begin return new; end').replace('language sql', 'language plpgsql')],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });
});

describe(`${RULE} without a search_path`, () => {
  // Who can call it and what it resolves are two problems with two fixes: each rule says its own.
  it('reports who can call an unpinned definer function, leaving the search_path to its own rule', async () => {
    const sql = 'create function public.f(target_id int) returns int language sql security definer as $$ select count(*)::int from notes where id = target_id $$;';
    const result = await runSql([migration('20250101000000_f', sql)]);
    const exposed = result.findings.filter((f) => f.rule === RULE);
    expect(exposed).toHaveLength(1);
    expect(exposed[0].message).not.toMatch(/search_path/);
    const pinning = result.findings.filter((f) => f.rule === 'function-search-path-mutable');
    expect(pinning).toHaveLength(1);
    expect(pinning[0].message).not.toMatch(/revoke/);
  });

  it('reports each overload of an unpinned definer function', async () => {
    const sql = [1, 2].map((n) => `create function public.dispatch(${['a int', 'a int, b text'][n - 1]}) returns int language sql security definer as $$ select a $$;`).join('\n');
    expect((await findingsOf(RULE, [migration('20250101000000_f', sql)])).map((f) => f.line)).toEqual([1, 2]);
  });
});

describe(`${RULE} on caller predicates`, () => {
  it('ignores a boolean helper that only checks the caller', async () => {
    const sql = fn('public', 'boolean', 'select exists (select 1 from public.admins where user_id = auth.uid())');
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });

  it('still reports a boolean helper that writes without checking the caller, not one keyed on the caller', async () => {
    const sql = fn('public', 'boolean', 'delete from public.sessions where expires_at < now() returning true');
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toHaveLength(1);
    const own = fn('public', 'boolean', 'delete from public.sessions where user_id = auth.uid() returning true');
    expect(await findingsOf(RULE, [migration('20250101000000_f', own)])).toEqual([]);
  });
});

describe(`${RULE} on deliberate RPCs`, () => {
  it('ignores an RPC revoked from anon that checks auth.uid()', async () => {
    const sql = `${fn('public', 'void', 'delete from public.notes where owner = auth.uid()')}\nrevoke execute on function public.f() from public, anon;\ngrant execute on function public.f() to authenticated;`;
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });

  it('still reports an authenticated-only RPC that never checks the caller', async () => {
    const sql = `${fn('public', 'void', 'delete from public.notes')}\nrevoke execute on function public.f() from public, anon;`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', sql)]);
    expect(f.severity).toBe('high');
    // Supabase's default privileges name authenticated: the revoke from public does not take it back.
    expect(f.message).toMatch(/The revoke does not reach authenticated: Supabase grants EXECUTE/);
  });
});
