import type { Finding } from '../../domain/types.js';
import { code, fenced, neutralise, severityLabel } from '../shared/markdown.js';
import { fingerprintMarker } from '../memory/markers.js';

/**
 * One inline comment: severity, category and rule first, then what is wrong and the fix, a
 * suggestion block when the fix is a mechanical edit, and the hidden fingerprint.
 */
const MAX_MESSAGE = 20_000;

/** `repo` (owner/name): links into the repository itself stay links. */
export function renderInlineComment(f: Finding, repo?: string): string {
  const source = f.source === 'llm' ? ' · AI' : f.source === 'live' || f.sources?.includes('live') ? ' · proven on PostgreSQL' : '';
  // GitHub refuses bodies over 65,536 characters; a merged AI explanation could get there.
  const message = f.message.length > MAX_MESSAGE ? `${f.message.slice(0, MAX_MESSAGE)} …` : f.message;
  const parts = [
    `**${severityLabel(f.severity)} · ${f.category}** · ${code(f.rule)}${source}`,
    `**${neutralise(f.title.slice(0, 300), { repo })}**`,
    neutralise(message, { repo }),
  ];
  if (f.suggestion !== undefined) parts.push(fenced(f.suggestion, 'suggestion'));
  parts.push(fingerprintMarker(f.fingerprint));
  return parts.join('\n\n');
}
