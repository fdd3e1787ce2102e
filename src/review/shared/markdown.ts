import { neutraliseMarkdown, type NeutraliseOptions } from '../../security/neutralise-markdown.js';

/** Small markdown helpers shared by every renderer. */

const SEVERITY_ICON = { high: '🔴', medium: '🟠', low: '🟡' } as const;

export function severityLabel(severity: keyof typeof SEVERITY_ICON): string {
  return `${SEVERITY_ICON[severity]} ${severity[0].toUpperCase()}${severity.slice(1)}`;
}

/**
 * Text that came from a PR, a model or a rule is shown, never interpreted: no HTML or HTML
 * comments (which could forge our hidden markers), no images, no mentions that ping, no links
 * but to the repository (`repo`, owner/name) and documentation hosts, no one-click suggestion.
 */
export function neutralise(text: string, options: NeutraliseOptions = {}): string {
  return neutraliseMarkdown(text, options);
}

/** Inline code that survives backticks inside it. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function location(path: string, line: number): string {
  return code(`${path}:${line}`);
}
