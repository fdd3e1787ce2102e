import type { RuleMeta } from '../../static/rule.js';

const rule = (id: string, title: string, rationale: string): RuleMeta => ({
  id,
  category: 'rls',
  severity: 'high',
  title,
  rationale: `${rationale} Proven by running it: the pull request's migrations are replayed into a real PostgreSQL, two users are signed up with a row each, and the statement runs as the other user (or as anon) in a transaction that is rolled back.`,
  anchors: ['Supabase docs: Row Level Security', 'PostgreSQL docs: Row Security Policies'],
});

export const PROBE_RULES = {
  readOthers: rule('rls-probe-read-others', "User B can read user A's rows", "A signed-in user can select rows owned by another user: the table's policies (or its missing row level security) do not tie reads to the owner."),
  updateOthers: rule('rls-probe-update-others', "User B can change user A's rows", "A signed-in user can update rows owned by another user."),
  deleteOthers: rule('rls-probe-delete-others', "User B can delete user A's rows", "A signed-in user can delete rows owned by another user."),
  insertAsOther: rule('rls-probe-insert-as-other', 'User B can create rows owned by user A', "A signed-in user can insert a row whose owner is another user: a WITH CHECK that pins the owner to auth.uid() is missing."),
  reassign: rule('rls-probe-reassign-owner', 'User B can hand a row over to user A', "A signed-in user can rewrite the owner column of a row: the UPDATE policy has no WITH CHECK pinning the owner, so rows can be moved to (or planted on) other users."),
  anonRead: rule('rls-probe-anon-read', 'Anonymous clients can read the rows', 'Anyone holding the public anon key can select rows of the table.'),
  anonInsert: rule('rls-probe-anon-insert', 'Anonymous clients can insert rows', 'Anyone holding the public anon key can insert rows into the table.'),
  definerLeak: rule('rls-probe-definer-function-leak', "SECURITY DEFINER function returns another user's data", 'A function that runs with its owner\'s rights returns data of another user to a signed-in caller, bypassing row level security.'),
} as const;

export const PROBE_RULE_METAS: RuleMeta[] = Object.values(PROBE_RULES);
