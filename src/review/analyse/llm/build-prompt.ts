import type { LlmSystemBlock } from '../../../ports/llm.js';
import type { Persona } from '../../../persona/parse-persona.js';
import { fenceUntrusted, sanitiseUntrustedText } from '../../../security/untrusted.js';
import type { ChangeSet, ChangedFile, FindingDraft, Severity } from '../../../domain/types.js';
import { renderNumberedDiff } from './render-diff.js';

/**
 * The system prompt: the persona's own words, then the app's review instructions (which also
 * explain the layout of the request). Both are the same for every review with this persona, and
 * the cache mark on the last block lets repeated reviews (and the batches of one review) read
 * this prefix from Anthropic's prompt cache. Nothing per review goes here.
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

/**
 * The user message of one review request, laid out as the review instructions describe: one
 * line with the boundary token and the settings, then fenced, sanitised sections `pr`, `diff`
 * and (when there are any) `hints`. Kept lean: everything fixed lives in the cached system prompt.
 */
export function buildUserContent(params: UserContentParams): string {
  const { changeSet, files, hints, boundary, minSeverity, part } = params;
  const fence = (label: string, text: string) => fenceUntrusted({ boundary, label, text });
  const title = sanitiseUntrustedText(changeSet.title, 300).replace(/\s+/g, ' ') || '(no title)';
  const body = sanitiseUntrustedText(changeSet.body, params.maxBodyChars ?? 6000);
  const scope = part.count > 1 ? `; part ${part.index} of ${part.count}: ${files.length} of ${part.totalFiles} files, the others are reviewed separately` : '';
  return [
    `Boundary ${boundary}; minimum severity ${minSeverity}${scope}.`,
    fence('pr', body ? `# ${title}\n\n${body}` : `# ${title}`),
    fence('diff', files.map(renderNumberedDiff).join('\n')),
    hints.length ? fence('hints', hints.map(formatHint).join('\n')) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One static finding as a hint line. */
export function formatHint(hint: FindingDraft): string {
  const where = hint.endLine && hint.endLine !== hint.line ? `${hint.line}-${hint.endLine}` : String(hint.line);
  const message = hint.message.replace(/\s+/g, ' ').trim();
  const short = message.length > 400 ? `${message.slice(0, 399)}…` : message;
  return `- ${hint.path}:${where} [${hint.category}, ${hint.severity}] ${hint.rule}: ${hint.title}. ${short}`;
}
