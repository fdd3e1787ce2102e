import { existing, findingsOf, migration } from '../../run-sql.js';

const RULE = 'fkey-to-auth-unique';

describe(RULE, () => {
  it('reports a foreign key to a unique column of auth.users, at the statement that declares it', async () => {
    const sql = 'create table public.profiles (\n  id uuid primary key,\n  email text not null references auth.users (email)\n);';
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: 1, severity: 'medium' });
    expect(f.message).toContain('`auth.users(email)`');
  });

  it('reports a table constraint added later, once', async () => {
    const sql = 'alter table public.profiles add constraint profiles_phone_fkey foreign key (phone) references auth.users (phone);';
    const before = existing({ '20240101000000_a': 'create table public.profiles (id uuid primary key references auth.users (id), phone text);' });
    expect((await findingsOf(RULE, [migration('20250101000000_b', sql)], before)).map((f) => f.line)).toEqual([1]);
  });

  it.each([
    ['the primary key by name', 'create table public.p (id uuid primary key references auth.users (id));'],
    ['the primary key by default', 'create table public.p (user_id uuid references auth.users);'],
    ['a unique column of a project table', 'create table public.a (code text unique);\ncreate table public.b (code text references public.a (code));'],
  ])('ignores a foreign key to %s', async (_name, sql) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});
