import { ruleMeta } from '../../../../catalog/index.js';

/** The RLS probes' rules (their metadata is in the catalogue). */
export const PROBE_RULES = {
  readOthers: ruleMeta('rls-probe-read-others'),
  updateOthers: ruleMeta('rls-probe-update-others'),
  deleteOthers: ruleMeta('rls-probe-delete-others'),
  insertAsOther: ruleMeta('rls-probe-insert-as-other'),
  reassign: ruleMeta('rls-probe-reassign-owner'),
  anonRead: ruleMeta('rls-probe-anon-read'),
  anonInsert: ruleMeta('rls-probe-anon-insert'),
  definerLeak: ruleMeta('rls-probe-definer-function-leak'),
} as const;

export const PROBE_RULE_METAS = Object.values(PROBE_RULES);
