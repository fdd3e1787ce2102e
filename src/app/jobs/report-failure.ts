import type { Log } from '../../domain/logger.js';
import type { GitHubPort } from '../../ports/github.js';
import { CHECK_NAME } from '../../review/render/check-run.js';
import { SUMMARY_MARKER, isOwnComment, isSummary } from '../../review/memory/markers.js';
import { code } from '../../review/shared/markdown.js';

/** What a user needs from an error: the first line, without anything that looks like a token. */
export function failureReason(err: unknown): string {
  const message = String((err as Error)?.message ?? err).split('\n')[0];
  return message.replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|sk-ant-[\w-]{10,})/g, '[redacted]').slice(0, 300);
}

/**
 * A review that failed for good still leaves a signal on the commit: a neutral check run that
 * says the review failed and why, or, when GitHub will not take a check run either, the sticky
 * summary saying the same. Never throws: it is the last word of a job that already failed.
 */
export async function reportReviewFailure(params: { github: GitHubPort; number: number; headSha: string; attempts: number; err: unknown; log: Log; botLogin?: string }): Promise<'check run' | 'summary' | 'nothing'> {
  const { github, number, headSha, attempts, log } = params;
  const reason = failureReason(params.err);
  const text = `backend-agent could not review ${code(headSha.slice(0, 7))}: ${reason}. It tried ${attempts} time${attempts === 1 ? '' : 's'}. Push again, or comment \`/backend-agent review\`, to try again.`;
  try {
    await github.createCheckRun({ name: CHECK_NAME, headSha, conclusion: 'neutral', output: { title: 'Review failed', summary: text, annotations: [] } });
    return 'check run';
  } catch (err) {
    log.warn({ err: failureReason(err) }, 'the failed review could not be reported as a check run; trying the summary');
  }
  try {
    const comments = await github.listIssueComments(number);
    const summary = comments.find((c) => isSummary(c.body) && isOwnComment(c, params.botLogin));
    const body = `${SUMMARY_MARKER}\n\n## backend-agent review\n\n**The review failed.** ${text}`;
    if (summary) await github.updateIssueComment(summary.id, body);
    else await github.createIssueComment(number, body);
    return 'summary';
  } catch (err) {
    log.error({ err: failureReason(err) }, 'the failed review could not be reported on the pull request');
    return 'nothing';
  }
}
