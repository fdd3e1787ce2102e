import { section } from './section.js';

/** The live stage's RLS probes: two users signed up, each statement run as the other user or as anon, rolled back. */
export const LIVE_PROBES = section('live', {
  'rls-probe-read-others': {
    category: 'rls',
    severity: 'high',
    title: 'User B can read user A\'s rows',
    rationale:
      'A signed-in user can select rows owned by another user: the table\'s policies (or its missing row level ' +
      'security) do not tie reads to the owner. Proven by running it: the pull request\'s migrations are replayed into ' +
      'a real PostgreSQL, two users are signed up with a row each, and the statement runs as the other user (or as ' +
      'anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);`,
      bad: `
        create policy "read" on public.notes for select to authenticated using (owner_id is not null);`,
      good: `
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-update-others': {
    category: 'rls',
    severity: 'high',
    title: 'User B can change user A\'s rows',
    rationale:
      'A signed-in user can update rows owned by another user. Proven by running it: the pull request\'s migrations ' +
      'are replayed into a real PostgreSQL, two users are signed up with a row each, and the statement runs as the ' +
      'other user (or as anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);
        create policy "notes are public" on public.notes for select using (true);`,
      bad: `
        create policy "update" on public.notes for update to authenticated using (true) with check (true);`,
      good: `
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-delete-others': {
    category: 'rls',
    severity: 'high',
    title: 'User B can delete user A\'s rows',
    rationale:
      'A signed-in user can delete rows owned by another user. Proven by running it: the pull request\'s migrations ' +
      'are replayed into a real PostgreSQL, two users are signed up with a row each, and the statement runs as the ' +
      'other user (or as anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
        create policy "notes are public" on public.notes for select using (true);`,
      bad: `
        create policy "delete" on public.notes for delete to authenticated using ((select auth.uid()) is not null);`,
      good: `
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-insert-as-other': {
    category: 'rls',
    severity: 'high',
    title: 'User B can create rows owned by user A',
    rationale:
      'A signed-in user can insert a row whose owner is another user: a WITH CHECK that pins the owner to auth.uid() ' +
      'is missing. Proven by running it: the pull request\'s migrations are replayed into a real PostgreSQL, two users ' +
      'are signed up with a row each, and the statement runs as the other user (or as anon) in a transaction that is ' +
      'rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);`,
      bad: `
        create policy "insert" on public.notes for insert to authenticated with check ((select auth.uid()) is not null);`,
      good: `
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-reassign-owner': {
    category: 'rls',
    severity: 'high',
    title: 'User B can hand a row over to user A',
    rationale:
      'A signed-in user can rewrite the owner column of a row: the UPDATE policy has no WITH CHECK pinning the owner, ' +
      'so rows can be moved to (or planted on) other users. Proven by running it: the pull request\'s migrations are ' +
      'replayed into a real PostgreSQL, two users are signed up with a row each, and the statement runs as the other ' +
      'user (or as anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);
        create policy "notes are public" on public.notes for select using (true);`,
      bad: `
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check (true);`,
      good: `
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-anon-read': {
    category: 'rls',
    severity: 'high',
    title: 'Anonymous clients can read the rows',
    rationale:
      'Anyone holding the public anon key can select rows of the table. Proven by running it: the pull request\'s ' +
      'migrations are replayed into a real PostgreSQL, two users are signed up with a row each, and the statement ' +
      'runs as the other user (or as anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);`,
      bad: `
        create policy "read" on public.notes for select to anon, authenticated using (id > 0);`,
      good: `
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-anon-insert': {
    category: 'rls',
    severity: 'high',
    title: 'Anonymous clients can insert rows',
    rationale:
      'Anyone holding the public anon key can insert rows into the table. Proven by running it: the pull request\'s ' +
      'migrations are replayed into a real PostgreSQL, two users are signed up with a row each, and the statement ' +
      'runs as the other user (or as anon) in a transaction that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      context: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create policy "update own" on public.notes for update to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
        create policy "delete own" on public.notes for delete to authenticated using ((select auth.uid()) = owner_id);`,
      bad: `
        create policy "insert" on public.notes for insert with check (true);`,
      good: `
        create policy "insert own" on public.notes for insert to authenticated with check ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-probe-definer-function-leak': {
    category: 'rls',
    severity: 'high',
    title: 'SECURITY DEFINER function returns another user\'s data',
    rationale:
      'A function that runs with its owner\'s rights returns data of another user to a signed-in caller, bypassing row ' +
      'level security. Proven by running it: the pull request\'s migrations are replayed into a real PostgreSQL, two ' +
      'users are signed up with a row each, and the statement runs as the other user (or as anon) in a transaction ' +
      'that is rolled back.',
    anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
    examples: {
      bad: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create function public.recent_notes() returns setof public.notes
          language sql stable security definer set search_path = ''
          as $$ select * from public.notes order by id desc limit 20 $$;`,
      good: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "read own" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create function public.recent_notes() returns setof public.notes
          language sql stable security definer set search_path = ''
          as $$ select * from public.notes where owner_id = (select auth.uid()) order by id desc limit 20 $$;`,
    },
  },
});
