import type { GitHubPort, NewReviewComment } from '../../ports/github.js';
import type { Log } from '../logger.js';
import type { Finding } from '../types.js';
import { renderInlineComment } from '../render/inline-comment.js';

const MAX_PROBES = 50;

export function toReviewComment(f: Finding): NewReviewComment {
  const body = renderInlineComment(f);
  if (f.endLine && f.endLine > f.line) return { path: f.path, line: f.endLine, side: f.side, start_line: f.line, start_side: f.side, body };
  return { path: f.path, line: f.line, side: f.side, body };
}

export interface PostedReview {
  reviewId?: number;
  posted: Finding[];
  /** Findings GitHub would not take as inline comments; they go to the summary. */
  rejected: Finding[];
  error?: string;
}

/**
 * Posts all inline comments as one COMMENT review. If GitHub refuses a comment (422), each one
 * is checked on its own, and the review is posted again without the refused ones. If GitHub
 * still refuses, or fails otherwise, every finding moves to the summary: nothing is lost.
 */
export async function postReview(params: { github: GitHubPort; number: number; headSha: string; body: string; findings: Finding[]; log: Log }): Promise<PostedReview> {
  const { github, number, headSha, body, findings, log } = params;
  if (findings.length === 0) return { posted: [], rejected: [] };
  const create = (list: Finding[]) => github.createReview({ number, commitId: headSha, body, comments: list.map(toReviewComment) });
  try {
    const { id } = await create(findings);
    return { reviewId: id, posted: findings, rejected: [] };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== 422) {
      log.error({ err }, 'review could not be posted; its findings move to the summary');
      return { posted: [], rejected: findings, error: (err as Error).message };
    }
    log.warn({ comments: findings.length }, 'GitHub refused a review comment (422); checking each comment');
  }
  const accepted: Finding[] = [];
  const rejected: Finding[] = [];
  for (const [i, f] of findings.entries()) {
    const ok = i < MAX_PROBES ? await github.probeReviewComment({ number, commitId: headSha, comment: toReviewComment(f) }).catch(() => false) : false;
    (ok ? accepted : rejected).push(f);
  }
  if (accepted.length === 0) return { posted: [], rejected };
  try {
    const { id } = await create(accepted);
    log.info({ posted: accepted.length, rejected: rejected.length }, 'review posted without the refused comments');
    return { reviewId: id, posted: accepted, rejected };
  } catch (err) {
    log.error({ err }, 'review refused again; every finding moves to the summary');
    return { posted: [], rejected: findings, error: (err as Error).message };
  }
}
