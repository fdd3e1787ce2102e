import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'function-search-path-mutable';
const DEFINER = `create function public.owns_note(p uuid)\nreturns boolean\nlanguage sql\nsecurity definer\nas $$ select exists (select 1 from notes where id = p) $$;`;

describe(RULE, () => {
  it('reports a SECURITY DEFINER function without set search_path, once', async () => {
    const sql = `-- helper\n${DEFINER}`;
    const all = (await import('../../run-sql.js')).runSql;
    const result = await all([migration('20250101000000_f', sql)]);
    const mine = result.findings.filter((f) => f.line === lineOf(sql, 'create function'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ rule: RULE, category: 'rls', severity: 'high' });
    expect(mine[0].message).toContain('revoke execute');
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

  it('names what the body leaves unqualified, and reports a body that qualifies every table and project function at low severity', async () => {
    const helper = 'create function public.is_admin(u uuid) returns boolean language sql stable as $$ select true $$;\n';
    const qualified = `${helper}create function public.f(p uuid) returns boolean language plpgsql security definer as $$\nbegin\n  -- from notes\n  return exists (select 1 from public.notes n join auth.users u on u.id = n.owner where n.id = p and public.is_admin(p) and lower('from x') = 'x');\nend;\n$$;`;
    expect((await findingsOf(RULE, [migration('20250101000000_f', qualified)])).map((f) => f.severity)).toEqual(['low']);
    const [f] = await findingsOf(RULE, [migration('20250101000000_f', qualified.replace('public.is_admin(p)', 'is_admin(p)').replace('from public.notes', 'from notes'))]);
    expect(f.message).toContain('(`notes`, `is_admin()`)');
    expect(f.severity).toBe('high');
  });

  it.each([
    ['set search_path', `create function public.f() returns int language sql security definer set search_path = '' as $$ select 1 $$;`],
    ['a SECURITY INVOKER function', 'create function public.f() returns int language sql as $$ select 1 $$;'],
    ['search_path fixed by a later ALTER FUNCTION', `${DEFINER}\nalter function public.owns_note(uuid) set search_path = public;`],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_f', sql)])).toEqual([]);
  });
});
