import type { ReviewReport } from '../report/report.js';
import { renderInlineComment } from './inline-comment.js';
import { renderReviewBody } from './review-body.js';
import { renderSummary } from './summary.js';

/** Exactly what the app would post: the review (body and inline comments), then the summary. */
export function formatMarkdown(report: ReviewReport): string {
  const parts: string[] = [];
  if (report.merged.inline.length) {
    parts.push('# Review', renderReviewBody(report));
    for (const f of report.merged.inline) parts.push(`## ${f.path}:${f.line}${f.endLine ? `-${f.endLine}` : ''} (${f.side})`, renderInlineComment(f));
  }
  parts.push('# Summary comment', renderSummary(report));
  return `${parts.join('\n\n')}\n`;
}
