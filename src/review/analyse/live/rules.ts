import type { RuleMeta } from '../static/shared/rule.js';
import { MIGRATION_FAILS } from './findings.js';
import { LIVE_LINTS } from './lints/registry.js';
import { PROBE_RULE_METAS } from './probes/probe-rules.js';

/** Every rule the live stage reports under: its lints (some share a static SQL rule's id), the replay's and the probes'. */
export function liveRules(): RuleMeta[] {
  return [MIGRATION_FAILS, ...LIVE_LINTS.map((l) => l.meta), ...PROBE_RULE_METAS];
}
