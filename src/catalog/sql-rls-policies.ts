import { section } from './section.js';

/** SQL rules of the rls category: row level security and its policies. */
export const SQL_RLS_POLICIES = section('sql', {
  'rls-disabled-on-exposed-table': {
    category: 'rls',
    severity: 'high',
    title: 'Table in an exposed schema without row level security',
    rationale:
      'Supabase serves every table of the exposed schemas (supabase/config.toml [api] schemas) through the Data API, ' +
      'and the anon and authenticated roles hold table privileges by default. Without row level security any client ' +
      'with the public anon key can read and modify every row. Enable RLS in the migration that creates the table and ' +
      'add policies for the access the app needs, or revoke the API roles when only the backend uses the table.',
    anchors: ['splinter 0013 rls_disabled_in_public', 'splinter 0023 sensitive_columns_exposed', 'Supabase docs: Row Level Security'],
    plan: { rls: 1 },
    examples: {
      bad: `
        create table public.customers (id uuid primary key, email text not null);`,
      good: `
        create table public.customers (id uuid primary key, email text not null);
        alter table public.customers enable row level security;
        create policy "own row" on public.customers for select to authenticated using ((select auth.uid()) = id);`,
    },
  },
  'policy-exists-rls-disabled': {
    category: 'rls',
    severity: 'high',
    title: 'Policies on a table whose row level security is off',
    rationale:
      'Policies only take effect once row level security is enabled on the table. Writing policies and forgetting ' +
      '`enable row level security` (or disabling it later) leaves the table fully open while the migration reads as ' +
      'if it were protected. In an exposed schema this is also what rls-disabled-on-exposed-table reports; one ' +
      'comment, on the policy, says both.',
    anchors: ['splinter 0007 policy_exists_rls_disabled'],
    examples: {
      context: `
        create table public.docs (id int primary key, owner uuid);`,
      bad: `
        create policy "owners" on public.docs for select using ((select auth.uid()) = owner);`,
      good: `
        alter table public.docs enable row level security;
        create policy "owners" on public.docs for select using ((select auth.uid()) = owner);`,
    },
  },
  'rls-enabled-no-policy': {
    category: 'rls',
    severity: 'low',
    title: 'Row level security enabled without any policy',
    rationale:
      'With RLS on and no policy, every query from the anon and authenticated roles sees no rows and every write ' +
      'fails. It fails closed, but an app that uses the table with user sessions breaks; add the policies the clients ' +
      'need, or revoke the API roles to make a backend-only table explicit. Reported unless the repository shows the ' +
      'table used only as a role RLS does not hold back (an ORM model or SQL on a direct connection, a Python Supabase ' +
      'client built with the service-role key) and never through a frontend, anon-key or user-session client.',
    anchors: ['splinter 0008 rls_enabled_no_policy'],
    examples: {
      bad: `
        create table public.devices (id int primary key, user_id uuid);
        alter table public.devices enable row level security;`,
      good: `
        create table public.devices (id int primary key, user_id uuid);
        alter table public.devices enable row level security;
        create policy "own devices" on public.devices for select to authenticated using ((select auth.uid()) = user_id);`,
    },
  },
  'rls-policy-always-true': {
    category: 'rls',
    severity: 'high',
    title: 'Write policy that lets everyone through',
    rationale:
      'A permissive INSERT, UPDATE, DELETE or ALL policy whose USING or WITH CHECK is `true` (or only checks that the ' +
      'caller is signed in) lets any client edit, delete or forge every row of the table, which defeats row level ' +
      'security; so does an UPDATE, DELETE or ALL USING that never asks who the caller is (`bucket_id = \'avatars\'`): ' +
      'every user may change every row it matches. So does an alternative that holds for every anonymous request ' +
      '(`... or auth.uid() is null`, `auth.role() = \'anon\'`) in a policy anon is subject to: written for "the server", it ' +
      'lets every holder of the public anon key read or change any row. Scope it to the row owner, e.g. `(select auth.uid()) = user_id`. A ' +
      'SELECT `using (true)` on public reference data is fine. It is reported when the table holds emails, phones or ' +
      'tokens, and as high when the table marks rows private (is_private, visibility, is_published) or the same pull ' +
      'request dropped or altered a SELECT policy that filtered the rows: hiding rows in the app is not access ' +
      'control.',
    anchors: ['splinter 0024 rls_policy_always_true', 'Supabase docs: Row Level Security'],
    plan: { rls: 2, security: 5 },
    examples: {
      bad: `
        create table public.notes (id int primary key, owner_id uuid, body text);
        alter table public.notes enable row level security;
        create policy "open" on public.notes for all to authenticated using (true) with check (true);`,
      good: `
        create table public.notes (id int primary key, owner_id uuid, body text);
        alter table public.notes enable row level security;
        create policy "own notes" on public.notes for all to authenticated
          using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);`,
    },
  },
  'rls-insert-policy-without-check': {
    category: 'rls',
    severity: 'medium',
    title: 'INSERT policy without WITH CHECK admits no row',
    rationale:
      'A permissive `for insert` policy written without WITH CHECK has no check at all (`polwithcheck` is null), and ' +
      'PostgreSQL then admits no new row through it: every insert it was meant to allow fails with "new row violates ' +
      'row-level security policy". Splinter lists it among always-true policies; in fact it is a dead policy, and the ' +
      'insert the pull request needs breaks (or only passes through another policy). Write the check the insert needs, ' +
      'e.g. `with check ((select auth.uid()) = user_id)`; never `with check (true)`, which lets anyone insert rows for ' +
      'anyone.',
    anchors: ['PostgreSQL docs: CREATE POLICY (INSERT takes only WITH CHECK)', 'splinter 0024 rls_policy_always_true (insert without WITH CHECK)'],
    examples: {
      context: `
        create table public.notes (id int primary key, user_id uuid, body text);
        alter table public.notes enable row level security;`,
      bad: `
        create policy "add notes" on public.notes for insert to authenticated;`,
      good: `
        create policy "add notes" on public.notes for insert to authenticated with check ((select auth.uid()) = user_id);`,
    },
  },
  'storage-public-bucket-listable': {
    category: 'rls',
    severity: 'medium',
    title: 'Public Storage bucket whose objects every client can list',
    rationale:
      'The files of a public Storage bucket are served by URL without any policy. A permissive SELECT (or ALL) policy ' +
      'on storage.objects that admits every object of the bucket (`using (true)`, or only `bucket_id = \'avatars\'`) ' +
      'adds one thing: every client it applies to can list the name and path of every file in the bucket, other ' +
      'users\' included, which defeats unguessable file names. Drop the policy when clients only fetch files by URL, ' +
      'or scope it to what a caller may list (a path prefix, the caller\'s own folder). Reported for buckets the ' +
      'migrations insert into storage.buckets with `public = true`.',
    anchors: ['splinter 0025 public_bucket_allows_listing', 'Supabase docs: Storage buckets (public buckets)'],
    examples: {
      context: `
        insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);`,
      bad: `
        create policy "read avatars" on storage.objects for select to authenticated using (bucket_id = 'avatars');`,
      good: `
        create policy "read own avatars" on storage.objects for select to authenticated
          using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);`,
    },
  },
  'rls-policy-references-user-metadata': {
    category: 'rls',
    severity: 'high',
    title: 'Policy authorises on user_metadata',
    rationale:
      'A user can change their own user_metadata (supabase.auth.updateUser({ data })), so `auth.jwt() -> ' +
      '\'user_metadata\'` or `auth.users.raw_user_meta_data` in a policy lets anyone grant themselves the role or ' +
      'tenant it checks. Put authorisation data in app_metadata (only the service role can write it) or in a table ' +
      'the user cannot edit.',
    anchors: ['splinter 0015 rls_references_user_metadata', 'Supabase docs: Row Level Security'],
    plan: { rls: 6 },
    examples: {
      bad: `
        create table public.boards (id int primary key, owner_id uuid);
        alter table public.boards enable row level security;
        create policy "support deletes" on public.boards for delete to authenticated
          using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'support');`,
      good: `
        create table public.boards (id int primary key, owner_id uuid);
        alter table public.boards enable row level security;
        create policy "support deletes" on public.boards for delete to authenticated
          using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'support');`,
    },
  },
  'rls-update-policy-missing-with-check': {
    category: 'rls',
    severity: 'high',
    title: 'UPDATE policy without WITH CHECK lets users rewrite who owns a row',
    rationale:
      'Without WITH CHECK, PostgreSQL checks the new row against USING. When USING is an OR of conditions on ' +
      'different columns (owner or collaborator, owner or public), a user who passes one branch can rewrite the ' +
      'columns the other branch reads — hand the row to someone else, take it over, or change the collaborator list — ' +
      'and the new row still passes. Add a WITH CHECK that pins ownership. A USING that is a single ownership ' +
      'predicate such as `(select auth.uid()) = user_id` is safe and not reported.',
    anchors: ['PostgreSQL docs: CREATE POLICY (WITH CHECK defaults to USING)', 'splinter 0024 (missing WITH CHECK)'],
    plan: { rls: 3 },
    examples: {
      bad: `
        create table public.boards (id int primary key, owner_id uuid, collaborator_ids uuid[]);
        alter table public.boards enable row level security;
        create policy "edit" on public.boards for update to authenticated
          using ((select auth.uid()) = owner_id or (select auth.uid()) = any (collaborator_ids));`,
      good: `
        create table public.boards (id int primary key, owner_id uuid, collaborator_ids uuid[]);
        alter table public.boards enable row level security;
        create policy "edit" on public.boards for update to authenticated
          using ((select auth.uid()) = owner_id or (select auth.uid()) = any (collaborator_ids))
          with check ((select auth.uid()) = owner_id or (select auth.uid()) = any (collaborator_ids));`,
    },
  },
  'rls-self-update-privileged-column': {
    category: 'rls',
    severity: 'high',
    title: 'Users can update privilege columns on their own row',
    rationale:
      'An "update own row" policy (`using ((select auth.uid()) = id)`) lets the user change every column of that row ' +
      'through the Data API, including role, is_admin, plan or credits, so anyone can promote themselves. Grant ' +
      'UPDATE only on the editable columns (`revoke update on t from authenticated; grant update (name, avatar_url) ' +
      'on t to authenticated`), pin the column in WITH CHECK, or keep privileges in a separate table.',
    anchors: ['Supabase docs: Column level security', 'OWASP API3 broken object property level authorization'],
    examples: {
      bad: `
        create table public.profiles (id uuid primary key references auth.users, full_name text, is_admin boolean not null default false);
        alter table public.profiles enable row level security;
        create policy "update own profile" on public.profiles for update to authenticated using ((select auth.uid()) = id);`,
      good: `
        create table public.profiles (id uuid primary key references auth.users, full_name text, is_admin boolean not null default false);
        alter table public.profiles enable row level security;
        create policy "update own profile" on public.profiles for update to authenticated using ((select auth.uid()) = id);
        revoke update on public.profiles from authenticated;
        grant update (full_name) on public.profiles to authenticated;`,
    },
  },
});
