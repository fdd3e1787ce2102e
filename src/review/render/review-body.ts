import type { ReviewReport } from '../report/report.js';
import { plural } from '../shared/markdown.js';

/** The short body of the batched review; the detail lives in the inline comments and the summary. */
export function renderReviewBody(report: ReviewReport): string {
  const { inline } = report.merged;
  const high = inline.filter((f) => f.severity === 'high').length;
  const highText = high ? `, ${high} of them high severity` : '';
  return `**backend-agent** left ${plural(inline.length, 'comment')} on this push${highText}. The summary comment has the counts and a fix plan.`;
}
