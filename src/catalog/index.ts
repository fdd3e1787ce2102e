import type { CatalogRule, PlanStep } from './rule-meta.js';
import { LIVE } from './live.js';
import { LIVE_PROBES } from './live-probes.js';
import { PYTHON_ASYNC_BLOCKING } from './python-async-blocking.js';
import { PYTHON_ASYNC_TASKS } from './python-async-tasks.js';
import { PYTHON_DATA } from './python-data.js';
import { PYTHON_QUERY } from './python-query.js';
import { PYTHON_ROUTES } from './python-routes.js';
import { PYTHON_SECURITY_DATA } from './python-security-data.js';
import { PYTHON_SECURITY_RUNTIME } from './python-security-runtime.js';
import { SQL_QUERY } from './sql-query.js';
import { SQL_RLS_EXPOSURE } from './sql-rls-exposure.js';
import { SQL_RLS_POLICIES } from './sql-rls-policies.js';

export type { CatalogRule, PlanStep, RuleEngine, RuleExample, RuleMeta } from './rule-meta.js';

/**
 * The rule catalogue: every deterministic rule's metadata as data, one section per engine and
 * family. It imports no engine code, so the config, triage and commands read rule ids and titles
 * here without loading a parser; the engines take each rule's metadata from here by id.
 *
 * A new rule: its entry in the section of its engine and family (the examples are run by its
 * engine in the tests), `meta: ruleMeta('its-id')` in its module under rules/<category>/, and
 * its line in the engine's registry. test/review/analyse/static/catalog.test.ts fails until the
 * catalogue and the registries agree.
 */
const SECTIONS = [
  PYTHON_ASYNC_BLOCKING,
  PYTHON_ASYNC_TASKS,
  PYTHON_SECURITY_DATA,
  PYTHON_SECURITY_RUNTIME,
  PYTHON_ROUTES,
  PYTHON_DATA,
  PYTHON_QUERY,
  SQL_RLS_POLICIES,
  SQL_RLS_EXPOSURE,
  SQL_QUERY,
  LIVE,
  LIVE_PROBES,
] as const;

/** A rule id the catalogue knows, checked by the compiler where a rule names its own. */
export type RuleId = { [I in keyof typeof SECTIONS & `${number}`]: keyof (typeof SECTIONS)[I] }[keyof typeof SECTIONS & `${number}`];

/** Every rule, Python first, then SQL, then the live stage's own. */
export const RULE_CATALOG: readonly CatalogRule[] = SECTIONS.flatMap((s) => Object.values<CatalogRule>(s));

const BY_ID = new Map(RULE_CATALOG.map((r) => [r.id, r]));

/** Every rule id, for the validation of `rules:` in the repository config. */
export const RULE_IDS: readonly string[] = RULE_CATALOG.map((r) => r.id);

/** The catalogue entry of a rule; a rule implementation takes its metadata from here. */
export function ruleMeta(id: RuleId): CatalogRule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`rule ${id} is not in the catalogue`);
  return rule;
}

/** The catalogue entry of an id read from outside (config, a finding), or undefined. */
export function findRule(id: string): CatalogRule | undefined {
  return BY_ID.get(id);
}

/** The rules a plan checklist step names, in their place in that step. */
export function rulesOfStep(step: PlanStep): CatalogRule[] {
  return RULE_CATALOG.filter((r) => r.plan?.[step] !== undefined).sort((a, b) => a.plan![step]! - b.plan![step]!);
}
