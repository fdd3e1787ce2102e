import type { LlmSystemBlock } from '../../../ports/llm.js';
import type { Persona } from '../../../persona/parse-persona.js';
import { describeFences, fenceUntrusted, sanitiseUntrustedText } from '../../../security/untrusted.js';
import type { ChangeSet, ChangedFile, FindingDraft, Severity } from '../../types.js';
import { renderNumberedDiff } from './render-diff.js';

/**
 * The system prompt: the persona's own words, then the app's review instructions. Both are the
 * same for every review with this persona, and the cache mark on the last block lets repeated
 * reviews (and the batches of one review) read this prefix from Anthropic's prompt cache.
 * Nothing per-review (settings, boundary, PR text) goes here, or the cache would never hit.
 */
export function buildSystemBlocks(persona: Persona, instructions: string): LlmSystemBlock[] {
  return [{ text: persona.prompt }, { text: instructions, cache: true }];
}

export interface UserContentParams {
  changeSet: Pick<ChangeSet, 'title' | 'body'>;
  files: readonly ChangedFile[];
  hints: readonly FindingDraft[];
  boundary: string;
  minSeverity: Severity;
  /** 1-based batch number and count, and how many files the review has in all. */
  part: { index: number; count: number; totalFiles: number };
  maxBodyChars?: number;
}

const SEVERITY_FLOOR: Record<Severity, string> = {
  high: 'Report only findings of severity high.',
  medium: 'Report only findings of severity medium or high.',
  low: 'Report findings of any severity (high, medium, low).',
};

/** The user message of one review request: trusted framing around fenced, sanitised PR data. */
export function buildUserContent(params: UserContentParams): string {
  const { changeSet, files, hints, boundary, minSeverity, part } = params;
  const fence = (label: string, text: string) => fenceUntrusted({ boundary, label, text });
  const title = sanitiseUntrustedText(changeSet.title, 300) || '(no title)';
  const body = sanitiseUntrustedText(changeSet.body, params.maxBodyChars ?? 6000) || '(no description)';
  const scope =
    part.count > 1
      ? `This request holds ${files.length} of the ${part.totalFiles} changed files (part ${part.index} of ${part.count}); the others are reviewed in separate requests.`
      : '';
  return [
    `Review this pull request and call ${'`submit_review`'}. ${SEVERITY_FLOOR[minSeverity]}`,
    describeFences(boundary),
    scope,
    '## Pull request title',
    fence('pr-title', title),
    '## Pull request description',
    fence('pr-body', body),
    '## Diff',
    'Numbers at the left are new-file line numbers; "+" marks an added line, "-" a deleted line.',
    fence('diff', files.map(renderNumberedDiff).join('\n\n')),
    '## Static hints',
    hints.length ? fence('hints', hints.map(formatHint).join('\n')) : 'None.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** One static finding as a hint line. */
export function formatHint(hint: FindingDraft): string {
  const where = hint.endLine && hint.endLine !== hint.line ? `${hint.line}-${hint.endLine}` : String(hint.line);
  const message = hint.message.replace(/\s+/g, ' ').trim();
  const short = message.length > 400 ? `${message.slice(0, 399)}…` : message;
  return `- ${hint.path}:${where} [${hint.category}, ${hint.severity}] ${hint.rule}: ${hint.title}. ${short}`;
}
