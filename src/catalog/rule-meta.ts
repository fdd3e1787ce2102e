import type { Category, Severity } from '../domain/types.js';

/**
 * What every deterministic rule declares about itself. The SARIF output, the `help` command, the
 * config validation of `rules:` keys and the docs are all built from these.
 */
export interface RuleMeta {
  /** kebab-case, stable: it appears in comments, fingerprints, config and SARIF. */
  id: string;
  category: Category;
  /** Default severity; `.github/backend-agent.yml` may override it per repository. */
  severity: Severity;
  /** One line, e.g. "Blocking HTTP call inside async def". */
  title: string;
  /** One paragraph: why this matters in a FastAPI / Supabase backend, and the fix. */
  rationale: string;
  /** Where the rule comes from (Ruff ASYNC210, splinter 0013, squawk ...). */
  anchors?: string[];
}

/** The engine that implements a rule: the Python or SQL half of the static engine, or the live PostgreSQL stage. */
export type RuleEngine = 'python' | 'sql' | 'live';

/** The steps of an issue plan's checklist that name rules to check (see triage/checklist). */
export type PlanStep = 'migration' | 'rls' | 'models' | 'service' | 'endpoint' | 'auth' | 'async' | 'performance' | 'security';

/**
 * Code the rule reports and the same code fixed, the smallest that shows the point: a Python
 * module, or a migration (SQL). Each is checked by its engine in test/review/analyse/static/catalog-examples.test.ts.
 */
export interface RuleExample {
  /** What the repository already has, when the point needs it (an earlier migration). */
  context?: string;
  bad: string;
  good: string;
}

/** A rule's catalogue entry, as written in a section (its id is the key). */
export interface RuleData extends Omit<RuleMeta, 'id'> {
  /**
   * The plan checklist steps that name this rule, with its place in each step's list
   * (`{ performance: 2 }`: second in the performance step's "Rules to check").
   */
  plan?: Partial<Record<PlanStep, number>>;
  examples: RuleExample;
}

/** A rule's whole catalogue entry. */
export interface CatalogRule extends RuleMeta, Omit<RuleData, keyof RuleMeta> {
  engine: RuleEngine;
}
