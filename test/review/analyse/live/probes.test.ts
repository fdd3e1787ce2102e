import { jest } from '@jest/globals';
import { liveEngines, liveHarness, migration } from './live-helper.js';

jest.setTimeout(300_000);

const table = (extra = '') => `create table public.notes (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id) on delete cascade,
  title text not null,
  shared boolean not null default false${extra}
);
create index on public.notes (owner_id);
alter table public.notes enable row level security;
`;

const OWNER_POLICIES = `create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
create policy "update own" on public.notes for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);
`;

const rulesOf = (findings: { rule: string }[]) => findings.map((f) => f.rule).filter((r) => r.startsWith('rls-probe-')).sort();

describe.each(liveEngines())('RLS probes on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());

  it('reports nothing on a table whose policies tie every action to the owner', async () => {
    const result = await live.review([{ path: migration(1, 'notes'), head: table() + OWNER_POLICIES }]);
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(/, RLS probed on 1 table as two users$/);
    expect(result.notes).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('proves that using (true) lets user B change and delete user A\'s rows, with the statement as evidence', async () => {
    const head = table() + OWNER_POLICIES.replace(/create policy "update own".*\n/, '').replace(/create policy "delete own".*\n/, '') + 'create policy "edit any" on public.notes for all to authenticated\n  using (true);\n';
    const result = await live.review([{ path: migration(1, 'notes'), head }]);
    const probes = result.findings.filter((f) => f.rule.startsWith('rls-probe-'));
    expect(rulesOf(probes)).toEqual(['rls-probe-delete-others', 'rls-probe-insert-as-other', 'rls-probe-read-others', 'rls-probe-reassign-owner', 'rls-probe-update-others']);
    const update = probes.find((f) => f.rule === 'rls-probe-update-others')!;
    expect(update).toMatchObject({ severity: 'high', category: 'rls', line: 11, source: 'live' });
    expect(update.message).toBe(
      "Run as user B (role `authenticated`, JWT sub `bbbbbbbb-0000-4000-8000-000000000000`), `update public.notes set title = title where id = '1'` changed 1 row of user A's (in a transaction that was rolled back).",
    );
  });

  it('proves that an update policy without with check lets user B hand a row to user A', async () => {
    const head =
      table(',\n  editor_id uuid references auth.users (id)') +
      'create index on public.notes (editor_id);\n' +
      OWNER_POLICIES.replace(/create policy "update own".*\n/, '').replace(/create policy "read own".*\n/, '') +
      'create policy "owners and editors read" on public.notes for select to authenticated\n  using ((select auth.uid()) = owner_id or (select auth.uid()) = editor_id);\n' +
      'create policy "owners and editors update" on public.notes for update to authenticated\n  using ((select auth.uid()) = owner_id or (select auth.uid()) = editor_id);\n';
    const result = await live.review([{ path: migration(1, 'notes'), head }]);
    const moved = result.findings.find((f) => f.rule === 'rls-probe-reassign-owner');
    expect(moved).toMatchObject({ line: 15 });
    expect(moved!.message).toContain("`update public.notes set owner_id = 'aaaaaaaa-0000-4000-8000-000000000000' where id = '2'` changed 1 row: user B's row now belongs to user A");
    expect(rulesOf(result.findings)).toEqual(['rls-probe-reassign-owner']);
  });

  it('proves that an anon insert grant lets anyone write rows, and leaves a table without it alone', async () => {
    const head =
      'create table public.feedback (\n  id bigint generated always as identity primary key,\n  body text not null\n);\nalter table public.feedback enable row level security;\n' +
      'create policy "team reads" on public.feedback for select to authenticated using (false);\n' +
      'revoke all on public.feedback from anon;\ngrant insert on public.feedback to anon;\ncreate policy "anyone writes" on public.feedback for insert to anon with check (true);\n';
    const result = await live.review([{ path: migration(1, 'feedback'), head }]);
    const insert = result.findings.find((f) => f.rule === 'rls-probe-anon-insert');
    expect(insert).toMatchObject({ line: 9, severity: 'high' });
    expect(insert!.message).toMatch(/^Run as `anon` \(the public API key, no user\), `insert into public\.feedback \(body\) values \('probe-a-\d+'::text\)` succeeded/);
    expect(rulesOf(result.findings)).toEqual(['rls-probe-anon-insert']);
    const closed = await live.review([{ path: migration(1, 'feedback'), head: head.replace(/grant insert.*\n/, '').replace(/create policy "anyone writes".*\n/, '') }]);
    expect(rulesOf(closed.findings)).toEqual([]);
  });

  it('proves that a security definer function returns user A\'s rows to user B', async () => {
    const fn =
      'create function public.recent_notes() returns setof public.notes\n  language sql stable security definer set search_path = \'\'\n  as $$ select * from public.notes order by id desc limit 20 $$;\n';
    const result = await live.review([{ path: migration(1, 'notes'), head: table() + OWNER_POLICIES + fn }]);
    const leak = result.findings.find((f) => f.rule === 'rls-probe-definer-function-leak');
    expect(leak).toMatchObject({ line: 13, severity: 'high' });
    expect(leak!.message).toContain('`select * from public.recent_notes()` returned 1 row of user A');
    const safe = await live.review([{ path: migration(1, 'notes'), head: table() + OWNER_POLICIES + fn.replace('order by', 'where owner_id = (select auth.uid()) order by') }]);
    expect(rulesOf(safe.findings)).toEqual([]);
  });

  it('takes a read policy that tests only the caller as public by design, and still proves an uncorrelated membership test', async () => {
    const readers = (using: string) =>
      table() + OWNER_POLICIES.replace(/create policy "read own".*\n/, '') + `create policy "readers" on public.notes for select to authenticated\n  using (${using});\n`;
    const byRole = await live.review([{ path: migration(1, 'notes'), head: readers("auth.role() = 'authenticated'") }]);
    expect(rulesOf(byRole.findings)).toEqual([]);
    const members = 'create table public.members (user_id uuid primary key);\nalter table public.members enable row level security;\ncreate policy "self" on public.members for select to authenticated using (user_id = (select auth.uid()));\n';
    const uncorrelated = await live.review([
      { path: migration(1, 'notes'), head: members + readers('exists (select 1 from public.members m where m.user_id = (select auth.uid()))') + 'insert into public.members values (\'bbbbbbbb-0000-4000-8000-000000000000\');\n' },
    ]);
    expect(rulesOf(uncorrelated.findings)).toContain('rls-probe-read-others');
  });

  it('probes a table without an owner column only as anon', async () => {
    const head = 'create table public.countries (code text primary key, name text not null);\n';
    const result = await live.review([{ path: migration(1, 'countries'), head }]);
    expect(rulesOf(result.findings)).toEqual(['rls-probe-anon-insert', 'rls-probe-anon-read']);
  });
});
