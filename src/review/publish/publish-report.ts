import { isTransientGitHubError, type GitHubPort, type IssueComment } from '../../ports/github.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { Log } from '../../domain/logger.js';
import type { ReviewReport } from '../report/report.js';
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

export interface PublishParams {
  github: GitHubPort;
  number: number;
  report: ReviewReport;
  summary: IssueComment | null;
  settings: ReviewSettings;
  log: Log;
  botLogin?: string;
  /** The job's last attempt: transient GitHub failures are then reported instead of retried. */
  final?: boolean;
}

/**
 * Posts what a review found: one batched COMMENT review, the check run, then the sticky summary
 * (which also carries whatever the review could not, and which marks the head as reviewed, so it
 * goes last). A transient GitHub failure throws and the job is retried; on the last attempt, and
 * for a permanent refusal, what failed is named in the summary instead.
 */
export async function publishReport(params: PublishParams): Promise<Published> {
  const { github, number, settings, log, final } = params;
  let report = params.report;
  const review = await postReview({ github, number, headSha: report.changeSet.headSha, body: renderReviewBody(report), findings: report.merged.inline, log, botLogin: params.botLogin, final });
  report = { ...report, rejected: review.rejected, late: review.late, merged: { ...report.merged, inline: review.posted } };
  let checkRunId: number | undefined;
  if (settings.check_run.enabled) {
    try {
      checkRunId = (await github.createCheckRun({ name: CHECK_NAME, ...buildCheckRun(report, settings) })).id;
    } catch (err) {
      if (isTransientGitHubError(err) && !final) throw err;
      // A missing checks permission must not cost the review that is already posted.
      log.warn({ err }, 'check run could not be created');
      report = { ...report, notes: [...report.notes, { message: `The check run could not be created (${(err as Error).message.split('\n')[0].slice(0, 200)}).` }] };
    }
  }
  const summaryId = await upsertSummary({ github, number, existing: params.summary, body: renderSummary(report) });
  return { reviewId: review.reviewId, summaryId, inline: review.posted.length, rejected: review.rejected.length, checkRunId };
}
