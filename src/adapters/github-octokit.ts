import type { Octokit } from '@octokit/rest';
import type { FileStatus } from '../domain/types.js';
import type { Log } from '../domain/logger.js';
import { FileTooLargeError, GitHubRequestError, type GitHubPort, type PullFile } from '../ports/github.js';
import { retryOnRateLimit } from './secondary-rate-limit.js';

/** GitHub lists at most 3,000 files of a pull request. */
export const PR_FILES_CAP = 3000;
const ANNOTATIONS_PER_REQUEST = 50;

interface RawFile {
  filename: string;
  previous_filename?: string;
  status: string;
  patch?: string;
}

const toPullFile = (f: RawFile): PullFile => ({
  path: f.filename,
  previousPath: f.previous_filename,
  status: f.status as FileStatus,
  patch: f.patch,
});

const statusOf = (err: unknown) => (err as { status?: number })?.status ?? 0;

export interface OctokitPortParams {
  octokit: Octokit;
  owner: string;
  repo: string;
  log: Log;
  sleep?: (ms: number) => Promise<void>;
}

/** The GitHubPort over Octokit (Probot's context.octokit, or @octokit/rest with a token). */
export function createOctokitPort(params: OctokitPortParams): GitHubPort {
  const { octokit, owner, repo, log } = params;
  let requests = 0;
  octokit.hook.before('request', () => {
    requests++;
  });
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await retryOnRateLimit(what, fn, log, params.sleep);
    } catch (err) {
      throw new GitHubRequestError(`${what} failed: ${(err as Error).message}`, statusOf(err));
    }
  };
  const orNull = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      const status = (err as GitHubRequestError).status;
      if (status === 404 || status === 422) return null;
      throw err;
    }
  };

  return {
    owner,
    repo,
    requestCount: () => requests,
    async listPullFiles(number) {
      const files = await call('list PR files', () =>
        octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 }),
      );
      return { files: files.map(toPullFile), truncated: files.length >= PR_FILES_CAP };
    },
    async getTree(sha) {
      const { data } = await call('get tree', () => octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' }));
      const entries = data.tree
        .filter((e) => (e.type === 'blob' || e.type === 'commit') && e.path)
        .map((e) => ({ path: e.path!, size: e.size ?? 0, kind: e.type === 'commit' || e.mode === '160000' ? ('submodule' as const) : e.mode === '120000' ? ('symlink' as const) : ('file' as const) }));
      return { entries, truncated: data.truncated };
    },
    async getFile(path, ref) {
      return orNull(async () => {
        const { data } = await call(`get ${path}`, () => octokit.rest.repos.getContent({ owner, repo, path, ref }));
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
        if ((data as { encoding?: string }).encoding !== 'base64') throw new FileTooLargeError(path, data.size);
        return new Uint8Array(Buffer.from(data.content, 'base64'));
      });
    },
    async compareCommits(base, head) {
      return orNull(async () => {
        const { data } = await call('compare commits', () =>
          octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 100 }),
        );
        return { status: data.status, files: (data.files ?? []).map((f) => toPullFile(f as RawFile)) };
      });
    },
    async listReviewComments(number) {
      const comments = await call('list review comments', () =>
        octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: number, per_page: 100 }),
      );
      return comments.map((c) => ({ id: c.id, body: c.body, path: c.path, author: c.user?.login ?? '', reviewId: c.pull_request_review_id ?? undefined }));
    },
    async listReviews(number) {
      const reviews = await call('list reviews', () => octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 }));
      return reviews.map((r) => ({ id: r.id, commitId: r.commit_id ?? '', body: r.body ?? '', author: r.user?.login ?? '', authorType: r.user?.type ?? '' }));
    },
    async createReview({ number, commitId, body, comments }) {
      const { data } = await call('create review', () =>
        octokit.rest.pulls.createReview({ owner, repo, pull_number: number, commit_id: commitId, body, event: 'COMMENT', comments }),
      );
      return { id: data.id };
    },
    async probeReviewComment({ number, commitId, comment }) {
      try {
        const { data } = await call('probe review comment', () =>
          octokit.rest.pulls.createReview({ owner, repo, pull_number: number, commit_id: commitId, comments: [comment] }),
        );
        await call('delete probe review', () => octokit.rest.pulls.deletePendingReview({ owner, repo, pull_number: number, review_id: data.id }));
        return true;
      } catch (err) {
        if ((err as GitHubRequestError).status === 422) return false;
        throw err;
      }
    },
    async listIssueComments(number) {
      const comments = await call('list issue comments', () =>
        octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }),
      );
      return comments.map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? '', authorType: c.user?.type ?? '' }));
    },
    async createIssueComment(number, body) {
      const { data } = await call('create comment', () => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }));
      return { id: data.id };
    },
    async updateIssueComment(id, body) {
      await call('update comment', () => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }));
    },
    async createCheckRun({ name, headSha, conclusion, output }) {
      const batches: (typeof output.annotations)[] = [];
      for (let i = 0; i < Math.max(1, output.annotations.length); i += ANNOTATIONS_PER_REQUEST) batches.push(output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
      const { data } = await call('create check run', () =>
        octokit.rest.checks.create({ owner, repo, name, head_sha: headSha, status: 'completed', conclusion, output: { ...output, annotations: batches[0] } }),
      );
      for (const annotations of batches.slice(1)) {
        await call('add check annotations', () => octokit.rest.checks.update({ owner, repo, check_run_id: data.id, output: { ...output, annotations } }));
      }
      return { id: data.id };
    },
    async getPullRequest(number) {
      const { data } = await call('get pull request', () => octokit.rest.pulls.get({ owner, repo, pull_number: number }));
      return { number: data.number, title: data.title, body: data.body ?? '', state: data.state, draft: !!data.draft, headSha: data.head.sha, baseSha: data.base.sha };
    },
    async addCommentReaction(commentId, content) {
      await call('add reaction', () => octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content }));
    },
    async getCollaboratorPermission(username) {
      return orNull(async () => {
        const { data } = await call('get collaborator permission', () => octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username }));
        return { permission: data.permission, roleName: (data as { role_name?: string }).role_name };
      });
    },
    async listLabels() {
      const labels = await call('list labels', () => octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 }));
      return labels.map((l) => ({ name: l.name, color: l.color }));
    },
    async createLabel({ name, color, description }) {
      try {
        await call('create label', () => octokit.rest.issues.createLabel({ owner, repo, name, color, description }));
        return 'created';
      } catch (err) {
        if ((err as GitHubRequestError).status === 422) return 'exists';
        throw err;
      }
    },
    async addIssueLabels(number, labels) {
      await call('add labels', () => octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels }));
    },
  };
}
