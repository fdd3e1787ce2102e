import { section } from './section.js';

/** SQL rules of the rls category: what the Data API exposes past the policies (views, functions, grants). */
export const SQL_RLS_EXPOSURE = section('sql', {
  'security-definer-view': {
    category: 'rls',
    severity: 'high',
    title: 'View bypasses the row level security of the tables it reads',
    rationale:
      'Views run with the privileges of their owner (postgres) unless created `with (security_invoker = true)` ' +
      '(PostgreSQL 15+), so a view in an exposed schema over RLS-protected tables returns every user\'s rows to anyone ' +
      'who can select from it. Materialized views never apply RLS. Create views with security_invoker, and keep ' +
      'materialized views out of exposed schemas or revoke them from the API roles.',
    anchors: ['splinter 0010 security_definer_view', 'splinter 0016 materialized_view_in_api', 'Supabase docs: Row Level Security (Views)'],
    examples: {
      context: `
        create table public.subscriptions (id int primary key, user_id uuid, amount int);
        alter table public.subscriptions enable row level security;
        create policy "own" on public.subscriptions for select to authenticated using ((select auth.uid()) = user_id);`,
      bad: `
        create view public.totals as
          select user_id, sum(amount) from public.subscriptions group by user_id;`,
      good: `
        create view public.totals with (security_invoker = true) as
          select user_id, sum(amount) from public.subscriptions group by user_id;`,
    },
  },
  'materialized-view-in-api': {
    category: 'rls',
    severity: 'low',
    title: 'Materialized view served by the Data API',
    rationale:
      'Row level security never applies to a materialized view, and Supabase grants SELECT on new relations of the ' +
      'exposed schemas to anon and authenticated, so every row the view holds is readable through the Data API. Over ' +
      'public data that may be the point; it is reported at low severity, at medium when it copies relations of a ' +
      'schema the API does not serve, and over RLS-protected tables security-definer-view reports it (high). Create ' +
      'it in a private schema, or revoke SELECT from anon and authenticated and serve what callers may see through a ' +
      'security_invoker view or a function.',
    anchors: ['splinter 0016 materialized_view_in_api', 'PostgreSQL docs: Row Security Policies (tables only)'],
    examples: {
      context: `
        create schema private;
        create table private.orders (id int primary key, total int);`,
      bad: `
        create materialized view public.order_totals as select count(*) as n, sum(total) as total from private.orders;`,
      good: `
        create materialized view private.order_totals as select count(*) as n, sum(total) as total from private.orders;`,
    },
  },
  'foreign-table-in-api': {
    category: 'rls',
    severity: 'high',
    title: 'Foreign table served by the Data API',
    rationale:
      'PostgreSQL cannot enable row level security on a foreign table, and Supabase grants privileges on new ' +
      'relations of the exposed schemas to anon and authenticated. A foreign table in an exposed schema therefore ' +
      'gives anyone holding the anon key every row the remote server returns, read (and written) with the user ' +
      'mapping\'s credentials. Create foreign tables in a private schema, or revoke them from the API roles and ' +
      'serve them through a function that checks the caller.',
    anchors: ['splinter 0017 foreign_table_in_api', 'PostgreSQL docs: CREATE FOREIGN TABLE'],
    examples: {
      context: `
        create server billing foreign data wrapper postgres_fdw options (host 'billing', dbname 'billing');`,
      bad: `
        create foreign table public.invoices (id int, amount int) server billing;`,
      good: `
        create schema private;
        create foreign table private.invoices (id int, amount int) server billing;`,
    },
  },
  'auth-users-exposed': {
    category: 'rls',
    severity: 'high',
    title: 'View exposes auth.users through the Data API',
    rationale:
      'auth.users holds every account\'s email, phone, metadata and sign-in history. A view or materialized view ' +
      'over it in an exposed schema runs with its owner\'s rights, so the API roles read all of it. Keep such views ' +
      'in a private schema, or copy only the public fields into a profiles table protected by RLS. A security_invoker ' +
      'view reads auth.users as the caller, who sees every user once granted SELECT on it (auth.users has no RLS); ' +
      'without that grant the view only fails for them, which is reported at low severity: the obvious fix is the leak.',
    anchors: ['splinter 0002 auth_users_exposed'],
    examples: {
      bad: `
        create view public.directory as
          select u.id, u.email from auth.users u;`,
      good: `
        create view private.directory as
          select u.id, u.email from auth.users u;`,
    },
  },
  'fkey-to-auth-unique': {
    category: 'security',
    severity: 'medium',
    title: 'Foreign key to a column of the auth schema other than its primary key',
    rationale:
      'Supabase Auth owns the auth schema and changes it in its own upgrades: it has replaced the unique constraint ' +
      'on auth.users.email with a partial index before. A foreign key that references such a column (`auth.users(email)`) ' +
      'depends on a unique index Auth may drop, so the upgrade fails or the key has to go. Reference the primary key ' +
      '(`references auth.users (id)`) and read other fields through it.',
    anchors: ['splinter 0021 fkey_to_auth_unique', 'Supabase docs: User Management (referencing auth.users)'],
    examples: {
      bad: `
        create table public.profiles (id bigint primary key, email text references auth.users (email));`,
      good: `
        create table public.profiles (id bigint primary key, user_id uuid references auth.users (id));`,
    },
  },
  'function-search-path-mutable': {
    category: 'rls',
    severity: 'high',
    title: 'Function resolves names through a mutable search_path',
    rationale:
      'A function without `set search_path` resolves the unqualified tables, project functions and project types of ' +
      'its body through the search_path of the session that runs it. A SECURITY DEFINER function runs with its ' +
      'owner\'s rights, so a caller who can create objects in a schema on that path (or pg_temp) can make the ' +
      'privileged function use their own table. A SECURITY INVOKER function is reported (medium) only when a session ' +
      'with another search_path is known to run it: a trigger on a table of auth runs in the Auth server\'s session ' +
      '(`search_path = auth`), where names of `public` are not found and the write fails (Storage\'s server keeps ' +
      '`public` on its path). One any client can call over the Data API as `rpc/<name>` is not reported, though Supabase\'s ' +
      'security advisor lists it (splinter 0011): it runs with the caller\'s own rights, so a caller who shadows a ' +
      'name through their search_path only fools themselves (hardening, not a review finding). Add ' +
      '`set search_path = \'\'` and schema-qualify every name. A SECURITY DEFINER body that qualifies every table ' +
      'and function is still reported, ' +
      'at low severity: its operators and built-ins resolve through the caller\'s search_path too (a schema placed ' +
      'before pg_catalog can redefine `=`), as PostgreSQL\'s docs on SECURITY DEFINER functions warn. An invoker body ' +
      'that names only built-ins and qualified objects, or any SQL-standard body (`begin atomic`, bound when ' +
      'created), reads the same under any search_path and is not reported.',
    anchors: ['splinter 0011 function_search_path_mutable', 'PostgreSQL docs: Writing SECURITY DEFINER Functions Safely'],
    examples: {
      bad: `
        create function public.owns_note(p uuid) returns boolean language sql security definer
        as $$ select exists (select 1 from notes where id = p and owner_id = auth.uid()) $$;`,
      good: `
        create function public.owns_note(p uuid) returns boolean language sql security definer set search_path = ''
        as $$ select exists (select 1 from public.notes where id = p and owner_id = auth.uid()) $$;`,
    },
  },
  'security-definer-function-exposed': {
    category: 'rls',
    severity: 'high',
    title: 'SECURITY DEFINER function callable through the Data API',
    rationale:
      'Functions in an exposed schema are callable as RPCs (/rest/v1/rpc/...) and PostgreSQL grants EXECUTE to PUBLIC ' +
      'by default. A SECURITY DEFINER function runs as its owner and bypasses RLS, so unless it is meant to be a ' +
      'checked RPC it should live in a private schema, or have EXECUTE revoked from public, anon and authenticated. ' +
      'Supabase: never create security definer functions in an exposed schema. A function that checks its caller ' +
      '(auth.uid(), auth.jwt(), or a helper of the schema that does, such as is_org_admin(org)) is a checked RPC by ' +
      'design and is not reported: its own authorization decides. So is one that looks rows up by a secret token the ' +
      'caller passes (`where share_token = token_input`), and a read-only yes/no helper that RLS policies call (they ' +
      'need the API roles to keep EXECUTE).',
    anchors: ['splinter 0028/0029 security_definer_function_executable', 'Supabase docs: Row Level Security (security definer functions)'],
    examples: {
      bad: `
        create function public.user_count() returns int language sql security definer set search_path = ''
        as $$ select count(*)::int from auth.users $$;`,
      good: `
        create function public.user_count() returns int language sql security definer set search_path = ''
        as $$ select count(*)::int from auth.users $$;
        revoke execute on function public.user_count() from public, anon, authenticated;`,
    },
  },
  'grant-to-anon': {
    category: 'rls',
    severity: 'high',
    title: 'Write privileges granted to API roles on a table without RLS',
    rationale:
      'GRANT ALL / INSERT / UPDATE / DELETE / TRUNCATE to anon (or PUBLIC, or authenticated) on a table whose row ' +
      'level security is off lets any client of the Data API forge, rewrite or wipe its rows. Grant only the ' +
      'privileges the clients need (usually SELECT on specific columns) and keep RLS on. Supabase\'s default grants on ' +
      'RLS-protected tables are not reported.',
    anchors: ['Supabase docs: Securing your data (grants and policies)', 'splinter 0013'],
    examples: {
      context: `
        create table public.scores (id int primary key, email text);`,
      bad: `
        grant all on table public.scores to anon;`,
      good: `
        grant select (id) on table public.scores to anon;`,
    },
  },
});
