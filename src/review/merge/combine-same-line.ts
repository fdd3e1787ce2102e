import type { FindingDraft } from '../../domain/types.js';
import { SEVERITIES } from '../../domain/types.js';

const key = (d: FindingDraft) => `${d.path}\0${d.side ?? 'RIGHT'}\0${d.line}\0${d.category}`;

/**
 * One comment per line and category: when several rules flag the same line for the same kind of
 * problem (an unindexed foreign key that is also added without NOT VALID), a reviewer writes one
 * comment. The most severe finding leads; the others are appended to its message.
 */
export function combineSameLine(drafts: readonly FindingDraft[]): FindingDraft[] {
  const groups = new Map<string, FindingDraft[]>();
  for (const d of drafts) groups.set(key(d), [...(groups.get(key(d)) ?? []), d]);
  const out: FindingDraft[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]);
      continue;
    }
    const [lead, ...rest] = [...group].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.source === 'static' ? -1 : 1));
    const also = rest.filter((d) => d.rule !== lead.rule || d.message !== lead.message).map((d) => `**Also (${d.rule}): ${d.title.replace(/[.]$/, '')}.** ${d.message}`);
    out.push({ ...lead, message: [lead.message, ...new Set(also)].join('\n\n') });
  }
  return out;
}
