import type { Finding } from '../types.js';
import { code, fenced, neutralise, severityLabel } from './markdown.js';
import { fingerprintMarker } from './markers.js';

/**
 * One inline comment: severity, category and rule first, then what is wrong and the fix, a
 * suggestion block when the fix is a mechanical edit, and the hidden fingerprint.
 */
export function renderInlineComment(f: Finding): string {
  const source = f.source === 'llm' ? ' · AI' : '';
  const parts = [
    `**${severityLabel(f.severity)} · ${f.category}** · ${code(f.rule)}${source}`,
    `**${neutralise(f.title)}**`,
    neutralise(f.message),
  ];
  if (f.suggestion !== undefined) parts.push(fenced(f.suggestion, 'suggestion'));
  parts.push(fingerprintMarker(f.fingerprint));
  return parts.join('\n\n');
}
