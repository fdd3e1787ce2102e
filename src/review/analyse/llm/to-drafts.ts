import { redactSecrets } from '../../../security/redact-secrets.js';
import type { ChangedFile, FindingDraft } from '../../../domain/types.js';
import type { ReviewToolFinding } from './review-tool.js';

/**
 * Turns the model's findings into drafts, keeping only those that cite a line GitHub accepts a
 * comment on (an added or context line of a file in this request). The rest are dropped and
 * counted, never posted where they would 422 or land on code the PR did not touch.
 */
export function toLlmDrafts(params: { findings: readonly ReviewToolFinding[]; files: readonly ChangedFile[]; secrets?: readonly string[] }): {
  drafts: FindingDraft[];
  dropped: number;
} {
  const byPath = new Map(params.files.map((f) => [f.path, f]));
  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const finding of params.findings) {
    const file = byPath.get(normalisePath(finding.path));
    if (!file || !file.lines.right.has(finding.line)) {
      dropped++;
      continue;
    }
    const key = `${file.path}:${finding.line}:${finding.category}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const clean = (text: string) => cleanModelText(text, params.secrets ?? []);
    const suggestion = finding.suggestion === undefined ? undefined : cleanSuggestion(finding.suggestion, params.secrets ?? []);
    drafts.push({
      path: file.path,
      line: finding.line,
      side: 'RIGHT',
      category: finding.category,
      severity: finding.severity,
      rule: `ai-${finding.category}`,
      title: clean(finding.title).replace(/\s+/g, ' '),
      message: clean(finding.body),
      ...(suggestion !== undefined ? { suggestion } : {}),
      source: 'llm',
    });
  }
  return { drafts, dropped };
}

/** Models sometimes write `a/app/x.py`, `./app/x.py` or `/app/x.py`. */
export function normalisePath(path: string): string {
  return path.trim().replace(/^\.\//, '').replace(/^[ab]\//, '').replace(/^\/+/, '');
}

/**
 * Model text goes into GitHub comments: no HTML comments (they could forge the hidden markers the
 * app finds its own comments by) and no secrets, even though none is ever in the prompt.
 */
export function cleanModelText(text: string, secrets: readonly string[]): string {
  return redactSecrets(text.replace(/<!--[\s\S]*?(?:-->|$)/g, ''), secrets).trim();
}

/** A suggestion is code for a ```suggestion block: no surrounding fence, no trailing blank lines. */
function cleanSuggestion(text: string, secrets: readonly string[]): string | undefined {
  const unfenced = text.replace(/^\s*```[a-z]*\n?/i, '').replace(/\n?```\s*$/, '');
  const code = redactSecrets(unfenced, secrets).replace(/\s+$/, '');
  // A fence would break the suggestion block; an HTML comment could forge a hidden marker.
  return code.includes('```') || code.includes('<!--') || code.trim() === '' ? undefined : code;
}
