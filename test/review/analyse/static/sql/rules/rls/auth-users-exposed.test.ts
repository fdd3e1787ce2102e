import { findingsOf, migration } from '../../run-sql.js';

const RULE = 'auth-users-exposed';

describe(RULE, () => {
  it('reports a public view selecting from auth.users', async () => {
    const sql = '\ncreate view public.directory as\n  select u.id, u.email from auth.users u;';
    const [f] = await findingsOf(RULE, [migration('20250101000000_v', sql)]);
    expect(f).toMatchObject({ line: 2, category: 'rls', severity: 'high' });
  });

  it('reports auth.users reached through a join inside a CTE', async () => {
    const sql = 'create view public.people as with x as (select p.id, u.email from public.profiles p join auth.users u on u.id = p.id) select * from x;';
    expect(await findingsOf(RULE, [migration('20250101000000_v', sql)])).toHaveLength(1);
  });

  it('does not also report it as a security definer view', async () => {
    const sql = 'create table public.p (id uuid);\nalter table public.p enable row level security;\ncreate view public.v as select * from auth.users u join public.p on p.id = u.id;';
    const result = await findingsOf('security-definer-view', [migration('20250101000000_v', sql)]);
    expect(result).toEqual([]);
  });

  it.each([
    ['a private-schema view', 'create schema private;\ncreate view private.directory as select id, email from auth.users;'],
    ['an invoker view', 'create view public.directory with (security_invoker = true) as select id, email from auth.users;'],
  ])('ignores %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_v', sql)])).toEqual([]);
  });
});
