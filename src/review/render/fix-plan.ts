import type { Finding } from '../../domain/types.js';
import { compareFindings } from '../merge/merge-findings.js';
import { location, neutralise, plural } from '../shared/markdown.js';

const MAX_STEPS = 7;
const MAX_PLACES = 3;

/**
 * An ordered fix plan from the findings: one step per rule, most severe and most frequent first,
 * naming where to fix it. The persona's own plan replaces this when Claude reviewed.
 */
export function buildFixPlan(findings: readonly Finding[]): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of [...findings].sort(compareFindings)) {
    const group = byRule.get(f.rule) ?? [];
    group.push(f);
    byRule.set(f.rule, group);
  }
  const groups = [...byRule.values()].sort((a, b) => compareFindings(a[0], b[0]) || b.length - a.length);
  const steps = groups.slice(0, MAX_STEPS).map((group) => {
    const first = group[0];
    const places = group.slice(0, MAX_PLACES).map((f) => location(f.path, f.line));
    const more = group.length > MAX_PLACES ? ` and ${group.length - MAX_PLACES} more` : '';
    return `**${first.severity} · ${first.category}**: ${neutralise(first.title)} (${places.join(', ')}${more}).`;
  });
  if (groups.length > MAX_STEPS) {
    const rest = groups.slice(MAX_STEPS).reduce((n, g) => n + g.length, 0);
    steps.push(`Then the remaining ${plural(rest, 'finding')} listed below.`);
  }
  return steps;
}
