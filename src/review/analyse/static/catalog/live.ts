import { section } from './section.js';

/** Rules only the live PostgreSQL stage reports (its lints of a static rule's meaning share that rule's id). */
export const LIVE = section('live', {
  'migration-fails': {
    category: 'query',
    severity: 'high',
    title: 'Migration fails on a fresh database',
    rationale:
      'The pull request\'s migrations were replayed, after the base branch\'s, into a real PostgreSQL shaped like the ' +
      'project (Supabase roles, auth and storage schemas), and PostgreSQL refused a statement. The same deploy, CI ' +
      'run or new developer database stops there. The message is PostgreSQL\'s own.',
    anchors: ['PostgreSQL error codes (SQLSTATE)'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'multiple-permissive-policies': {
    category: 'query',
    severity: 'low',
    title: 'Several permissive policies for one role and action',
    rationale:
      'PostgreSQL evaluates every permissive policy that applies to a role and command and ORs them, for every row a ' +
      'query reads. Two or more for the same role and action cost a full evaluation each, and make the effective rule ' +
      'harder to read. Merge them into one policy per role and action.',
    anchors: ['splinter 0006 multiple_permissive_policies'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'duplicate-index': {
    category: 'query',
    severity: 'medium',
    title: 'Index that duplicates another one',
    rationale:
      'Two indexes with the same columns, operator classes, expressions and predicate serve the same queries, but ' +
      'every insert and update pays for both and both take memory. Drop one of them.',
    anchors: ['splinter 0009 duplicate_index'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'extension-in-public': {
    category: 'security',
    severity: 'low',
    title: 'Extension installed in the public schema',
    rationale:
      'An extension created without a schema lands in public, where its functions, types and operators are exposed by ' +
      'the Data API and mix with the application\'s objects. Install extensions into a dedicated schema (`create ' +
      'extension ... with schema extensions`).',
    anchors: ['splinter 0014 extension_in_public'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
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
    examples: { bad: 'TODO', good: 'TODO' },
  },
});
