import type { CatalogRule, RuleData, RuleEngine } from './rule-meta.js';

/** Rules of one engine, keyed by id, in the order they are listed (SARIF, help, docs). */
export function section<Id extends string>(engine: RuleEngine, rules: Record<Id, RuleData>): Record<Id, CatalogRule> {
  const out = {} as Record<Id, CatalogRule>;
  for (const id of Object.keys(rules) as Id[]) out[id] = { id, ...rules[id], engine };
  return out;
}
