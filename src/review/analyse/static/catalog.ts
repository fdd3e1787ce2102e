import type { RuleMeta } from './rule.js';
import { staticEngines } from './registry.js';
import { liveOnlyRules } from '../live/rules.js';

/** Every deterministic rule's metadata: the static engines', then the live database stage's own (SARIF, help, config validation). */
export function staticRules(): RuleMeta[] {
  const rules = staticEngines.flatMap((e) => e.rules);
  return [...rules, ...liveOnlyRules(new Set(rules.map((r) => r.id)))];
}
