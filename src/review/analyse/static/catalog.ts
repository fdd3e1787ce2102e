import type { RuleMeta } from './rule.js';
import { staticEngines } from './registry.js';

/** Every static rule's metadata, across engines (SARIF, help, config validation). */
export function staticRules(): RuleMeta[] {
  return staticEngines.flatMap((e) => e.rules);
}
