import type { RuleMeta } from '../static/rule.js';
import { MIGRATION_FAILS } from './findings.js';
import { LIVE_LINTS } from './lints/registry.js';
import { PROBE_RULE_METAS } from './probes/probe-rules.js';

/** Rules only the live stage reports (lints of the same meaning as a static rule share its id). */
export function liveOnlyRules(staticIds: ReadonlySet<string>): RuleMeta[] {
  const lints = LIVE_LINTS.map((l) => l.meta).filter((m) => !staticIds.has(m.id));
  return [MIGRATION_FAILS, ...lints, ...PROBE_RULE_METAS];
}
