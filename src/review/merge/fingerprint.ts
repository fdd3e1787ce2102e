import { createHash } from 'node:crypto';

/** Collapses whitespace so re-indenting or moving code keeps its fingerprint. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's identity across pushes: the rule, the path and the flagged code, never the line
 * number, so code that moves keeps its fingerprint and is not raised again.
 */
export function fingerprintOf(params: { rule: string; path: string; code: string; occurrence?: number }): string {
  const hash = createHash('sha256').update(`${params.rule}\0${params.path}\0${normaliseCode(params.code)}`).digest('hex').slice(0, 16);
  return params.occurrence && params.occurrence > 1 ? `${hash}-${params.occurrence}` : hash;
}
