import type { FileStatus } from '../domain/types.js';

/** One file of a pull request (or of a compare), as GitHub lists it. */
export interface PullFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  patch?: string;
}

export interface TreeEntry {
  path: string;
  size: number;
  /** What git stores at the path: a file, a symbolic link (mode 120000) or a submodule (160000). */
  kind?: 'file' | 'symlink' | 'submodule';
}

export interface IssueComment {
  id: number;
  body: string;
  author: string;
  authorType: string;
}

export interface ReviewComment {
  id: number;
  body: string;
  path: string;
  author: string;
  /** The review the comment was posted in. */
  reviewId?: number;
}

/** A review of a pull request, as GitHub lists it. */
export interface PullReview {
  id: number;
  commitId: string;
  body: string;
  author: string;
  authorType: string;
}

export interface NewReviewComment {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
  body: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations: {
    path: string;
    start_line: number;
    end_line: number;
    annotation_level: 'failure' | 'warning' | 'notice';
    title: string;
    message: string;
  }[];
}

export interface NewCheckRun {
  headSha: string;
  conclusion: 'success' | 'neutral' | 'failure' | 'action_required';
  output: CheckRunOutput;
}

/** The pull request fields a command needs (the issue_comment payload has no SHAs). */
export interface PullRequestSummary {
  number: number;
  title: string;
  body: string;
  state: string;
  draft: boolean;
  headSha: string;
  baseSha: string;
}

export interface RepoLabel {
  name: string;
  color: string;
}

/** The reactions GitHub accepts on a comment. */
export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** GitHub's answer to a request it refused, with the status the caller branches on. */
export class GitHubRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * A failure that may pass if tried again later: a network error, a rate limit or a GitHub 5xx.
 * Anything else (403, 404, 422) will answer the same next time.
 */
export function isTransientGitHubError(err: unknown): boolean {
  const status = (err as { status?: number })?.status;
  return !status || status === 429 || status >= 500;
}

/** A file GitHub will not send through the contents API (over 1 MB). */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    super(`${path} is larger than 1 MB (${Math.round(size / 1024)} KB)`);
  }
}

/**
 * The GitHub operations the core needs, bound to one repository. Only adapters/ implement it
 * (over Octokit); tests use a fake or drive the real adapter with HTTP mocked at the wire.
 */
export interface GitHubPort {
  readonly owner: string;
  readonly repo: string;
  /** Every file of a PR, paginated; `truncated` when GitHub's 3,000-file cap was hit. */
  listPullFiles(number: number): Promise<{ files: PullFile[]; truncated: boolean }>;
  /** The recursive tree at a commit (paths and blob sizes). */
  getTree(sha: string): Promise<{ entries: TreeEntry[]; truncated: boolean }>;
  /** Raw bytes of a file at a ref, or null when it is not there; FileTooLargeError over 1 MB. */
  getFile(path: string, ref: string): Promise<Uint8Array | null>;
  /** The files changed between two commits and how they relate; null when a commit is unknown. */
  compareCommits(base: string, head: string): Promise<{ status: 'ahead' | 'behind' | 'diverged' | 'identical'; files: PullFile[] } | null>;
  listReviewComments(number: number): Promise<ReviewComment[]>;
  /** Every review of a PR (paginated), oldest first. */
  listReviews(number: number): Promise<PullReview[]>;
  /** Posts one review with event COMMENT. There is deliberately no way to approve. */
  createReview(params: { number: number; commitId: string; body: string; comments: NewReviewComment[] }): Promise<{ id: number }>;
  /** A PENDING review holding one comment, deleted at once: tells whether GitHub accepts it. */
  probeReviewComment(params: { number: number; commitId: string; comment: NewReviewComment }): Promise<boolean>;
  listIssueComments(number: number): Promise<IssueComment[]>;
  createIssueComment(number: number, body: string): Promise<{ id: number }>;
  updateIssueComment(id: number, body: string): Promise<void>;
  createCheckRun(run: NewCheckRun & { name: string }): Promise<{ id: number }>;
  getPullRequest(number: number): Promise<PullRequestSummary>;
  /** Adds a reaction to an issue or PR conversation comment (idempotent on GitHub's side). */
  addCommentReaction(commentId: number, content: ReactionContent): Promise<void>;
  /** A user's permission on the repository (admin, maintain, write, triage, read, none); null when GitHub does not know them. */
  getCollaboratorPermission(username: string): Promise<{ permission: string; roleName?: string } | null>;
  listLabels(): Promise<RepoLabel[]>;
  /** Creates a repository label; 'exists' when it was created meanwhile (422 already_exists). */
  createLabel(label: { name: string; color: string; description?: string }): Promise<'created' | 'exists'>;
  addIssueLabels(number: number, labels: string[]): Promise<void>;
  /** How many requests this port has made (for the logs and the benchmark). */
  requestCount(): number;
}
