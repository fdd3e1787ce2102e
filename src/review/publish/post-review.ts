import { isTransientGitHubError, type GitHubPort, type NewReviewComment } from '../../ports/github.js';
import type { Log } from '../../domain/logger.js';
import type { Finding } from '../../domain/types.js';
import { renderInlineComment } from '../render/inline-comment.js';
import { isOwnComment, readFingerprint, reviewMarker } from '../memory/markers.js';

const MAX_PROBES = 50;

export function toReviewComment(f: Finding, repo?: string): NewReviewComment {
  const body = renderInlineComment(f, repo);
  if (f.endLine && f.endLine > f.line) return { path: f.path, line: f.endLine, side: f.side, start_line: f.line, start_side: f.side, body };
  return { path: f.path, line: f.line, side: f.side, body };
}

export interface PostedReview {
  reviewId?: number;
  posted: Finding[];
  /** Findings GitHub would not take as inline comments; they go to the summary. */
  rejected: Finding[];
  /** Findings left out because an earlier attempt already posted this commit's review without them. */
  late: Finding[];
  error?: string;
}

export interface PostReviewParams {
  github: GitHubPort;
  number: number;
  headSha: string;
  body: string;
  findings: Finding[];
  log: Log;
  botLogin?: string;
  /** The job's last attempt: a transient failure is then given up on (the summary lists the findings). */
  final?: boolean;
}

/**
 * The review this app already posted for this head commit, if any: an attempt that crashed or
 * failed after posting it must not post a second one. Checked before every POST.
 */
async function findPostedReview(params: PostReviewParams): Promise<PostedReview | null> {
  const { github, number, headSha, findings, botLogin } = params;
  const reviews = await github.listReviews(number);
  const review = reviews.find((r) => r.commitId === headSha && r.body.includes(reviewMarker(headSha)) && isOwnComment(r, botLogin));
  if (!review) return null;
  const comments = await github.listReviewComments(number);
  const fingerprints = new Set(comments.filter((c) => c.reviewId === review.id).map((c) => readFingerprint(c.body)));
  return { reviewId: review.id, posted: findings.filter((f) => fingerprints.has(f.fingerprint)), rejected: [], late: findings.filter((f) => !fingerprints.has(f.fingerprint)) };
}

/**
 * Posts all inline comments as one COMMENT review, unless this head already has one from the app.
 * If GitHub refuses a comment (422), each one is checked on its own, and the review is posted
 * again without the refused ones, which go to the summary. A transient failure (5xx, network,
 * rate limit) throws, so the job is tried again with backoff; only on its last attempt do the
 * findings move to the summary instead, so that nothing is lost.
 */
export async function postReview(params: PostReviewParams): Promise<PostedReview> {
  const { github, number, headSha, findings, log } = params;
  if (findings.length === 0) return { posted: [], rejected: [], late: [] };
  const already = await findPostedReview(params);
  if (already) {
    log.info({ reviewId: already.reviewId, late: already.late.length }, 'this head commit already has its review; not posting another');
    return already;
  }
  const repo = `${github.owner}/${github.repo}`;
  const body = `${params.body}\n\n${reviewMarker(headSha)}`;
  const create = (list: Finding[]) => github.createReview({ number, commitId: headSha, body, comments: list.map((f) => toReviewComment(f, repo)) });
  const giveUp = (err: unknown, what: string): PostedReview => {
    if (isTransientGitHubError(err) && !params.final) throw err;
    log.error({ err }, `${what}; its findings move to the summary`);
    return { posted: [], rejected: findings, late: [], error: (err as Error).message };
  };
  try {
    const { id } = await create(findings);
    return { reviewId: id, posted: findings, rejected: [], late: [] };
  } catch (err) {
    if ((err as { status?: number }).status !== 422) return giveUp(err, 'review could not be posted');
    log.warn({ comments: findings.length }, 'GitHub refused a review comment (422); checking each comment');
  }
  const accepted: Finding[] = [];
  const rejected: Finding[] = [];
  for (const [i, f] of findings.entries()) {
    let ok = false;
    try {
      ok = i < MAX_PROBES && (await github.probeReviewComment({ number, commitId: headSha, comment: toReviewComment(f, repo) }));
    } catch (err) {
      if (isTransientGitHubError(err) && !params.final) throw err;
    }
    (ok ? accepted : rejected).push(f);
  }
  if (accepted.length === 0) return { posted: [], rejected, late: [] };
  try {
    const { id } = await create(accepted);
    log.info({ posted: accepted.length, rejected: rejected.length }, 'review posted without the refused comments');
    return { reviewId: id, posted: accepted, rejected, late: [] };
  } catch (err) {
    return giveUp(err, 'review refused again');
  }
}
