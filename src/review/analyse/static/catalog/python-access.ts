import { section } from './section.js';

/** Python rules about who may do what: route auth, ownership, what goes in and out, the service role. */
export const PYTHON_ACCESS = section('python', {
  'missing-auth-dependency': {
    category: 'security',
    severity: 'high',
    title: 'State-changing route without authentication',
    rationale:
      'FastAPI enforces nothing by default: a route is public unless a dependency (`Depends(get_current_user)`, a ' +
      'security scheme, router-level `dependencies=[...]`) authenticates the caller. A new POST / PUT / PATCH / ' +
      'DELETE route that lacks the auth dependency its sibling routes all have, or that changes a record belonging to ' +
      'a user by id with no caller identity at all while the app does authenticate elsewhere, lets anyone change ' +
      'data. Add the dependency (and check the owner), or move the route under a router that declares it. Sign-in, ' +
      'sign-up and signed webhook routes are exempt.',
    anchors: ['FastAPI docs: Security - Get Current User', 'OWASP API Security Top 10 2023: API2 Broken Authentication'],
    plan: { endpoint: 1, security: 1 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'missing-permission-dependency': {
    category: 'security',
    severity: 'high',
    title: 'Route skips the permission check its sibling routes run',
    rationale:
      'When the routes of a router that act on the same object (`/brains/{brain_id}`) run an authorisation dependency ' +
      '(`Depends(has_brain_authorization(...))`, `PermissionsDependency([...])`, a dependency given the id) and one ' +
      'of them does not, that route only checks that the caller is signed in: any user can read or change any other ' +
      'user\'s object by its id. Add the same dependency (or check access in the handler).',
    anchors: ['OWASP API Security Top 10 2023: API1 Broken Object Level Authorization, API5 Broken Function Level Authorization', 'CWE-862'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'idor-missing-ownership-check': {
    category: 'security',
    severity: 'high',
    title: 'Object fetched by id without an ownership check',
    rationale:
      'A route that loads `/{thing_id}` straight from the database (or through a repository / service function that ' +
      'filters by the id alone) and returns or changes it, while never using the authenticated user it receives, lets ' +
      'any signed-in user read or modify any other user\'s object by changing the id (Broken Object Level ' +
      'Authorization). Filter the query by the owner (`.where(Invoice.account_id == user.account_id)`), compare the ' +
      'owner after loading, or reuse the existing ownership helper.',
    anchors: ['OWASP API Security Top 10 2023: API1 Broken Object Level Authorization', 'CWE-639'],
    plan: { endpoint: 2, security: 2 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'response-leaks-sensitive-fields': {
    category: 'security',
    severity: 'high',
    title: 'Route returns sensitive fields',
    rationale:
      'Without a `response_model` (or an output model as return annotation) FastAPI serialises whatever the handler ' +
      'returns. Returning an ORM object sends every column (password hashes, MFA secrets, tokens) and returning the ' +
      'input model echoes the submitted password. Declare an output schema (`response_model=UserPublic` or `-> ' +
      'UserPublic`) that lists only the public fields.',
    anchors: ['FastAPI docs: Response Model - Return Type (password echo example)', 'FastAPI SQL tutorial (HeroPublic)'],
    plan: { models: 1 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'mass-assignment': {
    category: 'security',
    severity: 'medium',
    title: 'Client input copied wholesale into a row',
    rationale:
      'Splatting a request model into an ORM constructor or a PostgREST write (`Note(**body.model_dump())`, ' +
      '`.update(body.model_dump())`, a `setattr` loop) stores every field the client sent. When the input model ' +
      'carries fields only the server should set (`owner_id`, `role`, `is_admin`, `balance`), any caller can give a ' +
      'row to someone else or make themselves an admin. Keep such fields out of the input model (separate Create / ' +
      'Update models, `extra="forbid"`), or exclude them and set them on the server.',
    anchors: ['semgrep django mass-assignment', 'FastAPI SQL tutorial (HeroCreate / HeroUpdate)', 'OWASP API3:2023 (mass assignment)'],
    plan: { models: 2 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'authz-trusts-user-metadata': {
    category: 'security',
    severity: 'high',
    title: 'Authorisation based on user_metadata',
    rationale:
      'Supabase `user_metadata` (raw_user_meta_data) is writable by the user themselves ' +
      '(`supabase.auth.update_user`), so a role, plan or tenant read from it proves nothing: anyone can grant ' +
      'themselves `admin`. Base authorisation on `app_metadata` (only the service role can change it) or on a roles ' +
      'table. Display-only use (name, avatar) is fine.',
    anchors: ['Supabase docs: Row Level Security (raw_user_meta_data)', 'splinter 0015 rls_references_user_metadata'],
    plan: { auth: 3 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'service-role-in-user-request-path': {
    category: 'rls',
    severity: 'high',
    title: 'Service-role Supabase client in a user request',
    rationale:
      'The service-role key bypasses Row Level Security. Using a client built with it inside a user-facing route ' +
      'handler (or a helper it calls) means the query runs with no policy at all: whatever the handler forgets to ' +
      'filter, every user can read or change. Use a per-request client carrying the caller\'s JWT (anon key + ' +
      '`postgrest.auth(token)`) so RLS applies, and keep the service client for background jobs and admin-only routes.',
    anchors: ['Supabase docs: API keys (service_role bypasses RLS)', 'Supabase docs: Row Level Security'],
    plan: { endpoint: 3, security: 3 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
});
