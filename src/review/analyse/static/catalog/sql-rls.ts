import { section } from './section.js';

/** SQL rules of the rls category: what the Data API exposes and how policies guard it. */
export const SQL_RLS = section('sql', {
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'policy-exists-rls-disabled': {
    category: 'rls',
    severity: 'high',
    title: 'Policies on a table whose row level security is off',
    rationale:
      'Policies only take effect once row level security is enabled on the table. Writing policies and forgetting ' +
      '`enable row level security` (or disabling it later) leaves the table fully open while the migration reads as ' +
      'if it were protected.',
    anchors: ['splinter 0007 policy_exists_rls_disabled'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'rls-enabled-no-policy': {
    category: 'rls',
    severity: 'low',
    title: 'Row level security enabled without any policy',
    rationale:
      'With RLS on and no policy, every query from the anon and authenticated roles sees no rows and every write ' +
      'fails. It fails closed, but an app that uses the table with user sessions breaks; add the policies the clients ' +
      'need, or revoke the API roles to make a backend-only table explicit.',
    anchors: ['splinter 0008 rls_enabled_no_policy'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'rls-policy-always-true': {
    category: 'rls',
    severity: 'high',
    title: 'Write policy that lets everyone through',
    rationale:
      'A permissive INSERT, UPDATE, DELETE or ALL policy whose USING or WITH CHECK is `true` (or only checks that the ' +
      'caller is signed in) lets any client edit, delete or forge every row of the table, which defeats row level ' +
      'security; so does an UPDATE, DELETE or ALL USING that never asks who the caller is (`bucket_id = \'avatars\'`): ' +
      'every user may change every row it matches. Scope it to the row owner, e.g. `(select auth.uid()) = user_id`. A ' +
      'SELECT `using (true)` on public reference data is fine. It is reported when the table holds emails, phones or ' +
      'tokens, and as high when the table marks rows private (is_private, visibility, is_published) or the same pull ' +
      'request dropped or altered a SELECT policy that filtered the rows: hiding rows in the app is not access ' +
      'control.',
    anchors: ['splinter 0024 rls_policy_always_true', 'Supabase docs: Row Level Security'],
    plan: { rls: 2, security: 5 },
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'auth-users-exposed': {
    category: 'rls',
    severity: 'high',
    title: 'View exposes auth.users through the Data API',
    rationale:
      'auth.users holds every account\'s email, phone, metadata and sign-in history. A view or materialized view over ' +
      'it in an exposed schema runs with its owner\'s rights, so the API roles read all of it. Keep such views in a ' +
      'private schema, or copy only the public fields into a profiles table protected by RLS.',
    anchors: ['splinter 0002 auth_users_exposed'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'function-search-path-mutable': {
    category: 'rls',
    severity: 'high',
    title: 'SECURITY DEFINER function without a fixed search_path',
    rationale:
      'A SECURITY DEFINER function runs with its owner\'s rights but resolves unqualified names through the caller\'s ' +
      'search_path, so a caller who can create objects in a schema on that path (or pg_temp) can make the privileged ' +
      'function use their own table or operator. Add `set search_path = \'\'` and schema-qualify every name in the ' +
      'body. A body that already qualifies every table and project function it names is reported at low severity: ' +
      'only built-ins and operators are left, which pg_catalog resolves first unless a closer overload exists.',
    anchors: ['splinter 0011 function_search_path_mutable', 'PostgreSQL docs: Writing SECURITY DEFINER Functions Safely'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'security-definer-function-exposed': {
    category: 'rls',
    severity: 'high',
    title: 'SECURITY DEFINER function callable through the Data API',
    rationale:
      'Functions in an exposed schema are callable as RPCs (/rest/v1/rpc/...) and PostgreSQL grants EXECUTE to PUBLIC ' +
      'by default. A SECURITY DEFINER function runs as its owner and bypasses RLS, so unless it is meant to be a ' +
      'checked RPC it should live in a private schema, or have EXECUTE revoked from public, anon and authenticated. ' +
      'Supabase: never create security definer functions in an exposed schema. A boolean helper that only checks the ' +
      'caller (is_admin(), is_member(team)) and writes nothing, and an RPC kept from anon that checks auth.uid(), are ' +
      'not reported.',
    anchors: ['splinter 0028/0029 security_definer_function_executable', 'Supabase docs: Row Level Security (security definer functions)'],
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
});
