import type { FindingDraft } from '../../domain/types.js';
import { SEVERITIES } from '../../domain/types.js';

/**
 * Merges the live database stage's findings into the static ones: a live finding on the line of a
 * static finding of the same rule (or a probe / failed migration on the line of a static finding of
 * its category) is the same problem seen twice, so it
 * becomes one finding with both sources. The static rule id, title and suggestion stay; the live
 * evidence is appended and the more severe of the two severities wins (execution proved it).
 * Other live findings pass through, except those of the rules in STATIC_JUDGES. Inputs are not modified.
 */
/**
 * Advice whose static rule knows what the catalog cannot: intent (a table kept for the backend, a
 * lock-down migration), the shape of a policy's query, which keys the app searches by, whether a body
 * names anything a search_path could swap. When the static rule stayed silent on purpose, the same
 * lint from the catalog alone would only repeat its false alarms (and an anchor on another line would
 * say it twice), so a live finding of these rules only ever confirms a static one.
 */
const STATIC_JUDGES = new Set([
  'rls-enabled-no-policy',
  'rls-initplan-auth-call',
  'unindexed-foreign-key',
  'rls-policy-column-unindexed',
  'function-search-path-mutable',
  // Whether a definer function checks its caller (directly or through a helper) is the static rule's reading of its body.
  'security-definer-function-exposed',
]);

export function mergeLive(staticDrafts: readonly FindingDraft[], liveDrafts: readonly FindingDraft[]): FindingDraft[] {
  const merged = staticDrafts.map((d) => ({ ...d }));
  const extra: FindingDraft[] = [];
  for (const live of liveDrafts) {
    const sameLine = merged.filter((s) => s.path === live.path && (s.side ?? 'RIGHT') === (live.side ?? 'RIGHT') && live.line >= s.line && live.line <= (s.endLine ?? s.line));
    // A probe or a failed migration proves what a static rule of its category says about that statement.
    const proof = live.rule.startsWith('rls-probe-') || live.rule === 'migration-fails';
    const target = sameLine.find((s) => s.rule === live.rule) ?? (proof ? sameLine.find((s) => s.category === live.category) : undefined);
    if (!target) {
      if (!STATIC_JUDGES.has(live.rule)) extra.push({ ...live });
      continue;
    }
    const label = target.rule === live.rule ? 'Confirmed on a live PostgreSQL' : `Proven on a live PostgreSQL (${live.rule})`;
    if (!target.message.includes(live.message)) target.message = `${target.message.trimEnd()}\n\n**${label}:** ${live.message}`;
    if (SEVERITIES.indexOf(live.severity) < SEVERITIES.indexOf(target.severity)) target.severity = live.severity;
    target.sources = [...new Set([...(target.sources ?? [target.source]), 'live' as const])];
  }
  return [...merged, ...extra];
}
