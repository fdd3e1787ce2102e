import type { FindingDraft } from '../types.js';
import { SEVERITIES } from '../types.js';

/**
 * Merges the live database stage's findings into the static ones: a live finding on the line of a
 * static finding of the same rule (or a probe / failed migration on the line of a static finding of
 * its category) is the same problem seen twice, so it
 * becomes one finding with both sources. The static rule id, title and suggestion stay; the live
 * evidence is appended and the more severe of the two severities wins (execution proved it).
 * Other live findings pass through. Inputs are not modified.
 */
export function mergeLive(staticDrafts: readonly FindingDraft[], liveDrafts: readonly FindingDraft[]): FindingDraft[] {
  const merged = staticDrafts.map((d) => ({ ...d }));
  const extra: FindingDraft[] = [];
  for (const live of liveDrafts) {
    const sameLine = merged.filter((s) => s.path === live.path && (s.side ?? 'RIGHT') === (live.side ?? 'RIGHT') && live.line >= s.line && live.line <= (s.endLine ?? s.line));
    // A probe or a failed migration proves what a static rule of its category says about that statement.
    const proof = live.rule.startsWith('rls-probe-') || live.rule === 'migration-fails';
    const target = sameLine.find((s) => s.rule === live.rule) ?? (proof ? sameLine.find((s) => s.category === live.category) : undefined);
    if (!target) {
      extra.push({ ...live });
      continue;
    }
    const label = target.rule === live.rule ? 'Confirmed on a live PostgreSQL' : `Proven on a live PostgreSQL (${live.rule})`;
    if (!target.message.includes(live.message)) target.message = `${target.message.trimEnd()}\n\n**${label}:** ${live.message}`;
    if (SEVERITIES.indexOf(live.severity) < SEVERITIES.indexOf(target.severity)) target.severity = live.severity;
    target.sources = [...new Set([...(target.sources ?? [target.source]), 'live' as const])];
  }
  return [...merged, ...extra];
}
