import { findingsOf, migration } from '../../run-sql.js';

const RULE = 'security-definer-function-exposed';
const fn = (schema: string, returns = 'int', body = 'select 1') =>
  `create function ${schema}.f() returns ${returns} language sql security definer set search_path = '' as $$ ${body} $$;`;

describe(RULE, () => {
  it('reports a definer function in public that the API roles can execute', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', fn('public'))]);
    expect(f).toMatchObject({ line: 1, category: 'rls', severity: 'high' });
  });

  it('lowers severity when the body checks the caller', async () => {
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', fn('public', 'int', 'select count(*) from public.t where owner = auth.uid()'))]);
    expect(f.severity).toBe('medium');
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
    ['a function without search_path (reported by function-search-path-mutable)', 'create function public.f() returns int language sql security definer as $$ select 1 $$;'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });
});

describe(`${RULE} on caller predicates`, () => {
  it('ignores a boolean helper that only checks the caller', async () => {
    const sql = fn('public', 'boolean', 'select exists (select 1 from public.admins where user_id = auth.uid())');
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });

  it('still reports a boolean helper that writes', async () => {
    const sql = fn('public', 'boolean', 'delete from public.sessions where user_id = auth.uid() returning true');
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toHaveLength(1);
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
  });
});
