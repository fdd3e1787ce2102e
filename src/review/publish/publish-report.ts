import type { GitHubPort, IssueComment } from '../../ports/github.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { Log } from '../logger.js';
import type { ReviewReport } from '../report.js';
import { renderReviewBody } from '../render/review-body.js';
import { renderSummary } from '../render/summary.js';
import { buildCheckRun, CHECK_NAME } from '../render/check-run.js';
import { postReview } from './post-review.js';
import { upsertSummary } from './upsert-summary.js';

export interface Published {
  reviewId?: number;
  summaryId: number;
  inline: number;
  rejected: number;
  checkRunId?: number;
}

/**
 * Posts what a review found: one batched COMMENT review, then the sticky summary (which also
 * carries whatever the review could not), then the check run. Only the summary is essential.
 */
export async function publishReport(params: { github: GitHubPort; number: number; report: ReviewReport; summary: IssueComment | null; settings: ReviewSettings; log: Log }): Promise<Published> {
  const { github, number, settings, log } = params;
  let report = params.report;
  const review = await postReview({ github, number, headSha: report.changeSet.headSha, body: renderReviewBody(report), findings: report.merged.inline, log });
  report = { ...report, rejected: review.rejected, merged: { ...report.merged, inline: review.posted } };
  const summaryId = await upsertSummary({ github, number, existing: params.summary, body: renderSummary(report) });
  let checkRunId: number | undefined;
  if (settings.check_run.enabled) {
    try {
      checkRunId = (await github.createCheckRun({ name: CHECK_NAME, ...buildCheckRun(report, settings) })).id;
    } catch (err) {
      // A missing checks permission must not cost the review that is already posted.
      log.warn({ err }, 'check run could not be created');
    }
  }
  return { reviewId: review.reviewId, summaryId, inline: review.posted.length, rejected: review.rejected.length, checkRunId };
}
