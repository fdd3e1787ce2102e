import { staticRules } from '../review/analyse/static/catalog.js';

/**
 * The static rules a checklist step points to, by id. Titles come from the rule catalogue when
 * the engine that owns the rule is installed; otherwise the id alone is shown (it is still what
 * a review comment would name).
 */
export const STEP_RULES = {
  migration: ['adding-required-field', 'require-concurrent-index', 'unindexed-foreign-key', 'blocking-ddl-lock'],
  rls: ['rls-disabled-on-exposed-table', 'rls-policy-always-true', 'rls-update-policy-missing-with-check', 'rls-initplan-auth-call', 'rls-policy-column-unindexed', 'rls-policy-references-user-metadata'],
  models: ['response-leaks-sensitive-fields', 'mass-assignment'],
  service: ['async-sync-db-call', 'async-sync-supabase-client', 'missing-await', 'n-plus-one-in-loop', 'unbounded-select', 'sql-string-built'],
  endpoint: ['missing-auth-dependency', 'idor-missing-ownership-check', 'service-role-in-user-request-path'],
  auth: ['jwt-verification-weak', 'jwt-claims-not-validated', 'authz-trusts-user-metadata', 'hardcoded-secret'],
  async: ['async-blocking-http', 'async-blocking-sleep', 'async-sync-db-call', 'async-sync-sdk-call', 'missing-await', 'client-or-engine-per-request'],
  performance: ['n-plus-one-in-loop', 'unbounded-select', 'select-star', 'rls-initplan-auth-call', 'unindexed-foreign-key', 'orm-unindexed-foreign-key', 'require-concurrent-index'],
  security: ['missing-auth-dependency', 'idor-missing-ownership-check', 'service-role-in-user-request-path', 'sql-string-built', 'rls-policy-always-true', 'hardcoded-secret'],
} as const;

export type StepRules = keyof typeof STEP_RULES;

/** "Rules: `id` (title), `id2`" for a step, in catalogue words. */
export function describeRules(group: StepRules): string {
  const titles = new Map(staticRules().map((r) => [r.id, r.title]));
  const items = STEP_RULES[group].map((id) => (titles.has(id) ? `\`${id}\` (${titles.get(id)})` : `\`${id}\``));
  return `Rules to check: ${items.join(', ')}.`;
}
