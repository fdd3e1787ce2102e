import type { GitHubPort } from '../../ports/github.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { ChangeSet } from '../../domain/types.js';
import { buildChangeSet } from './build-change-set.js';
import { createBackendDetector } from './backend-repo.js';
import { githubSnapshot, type GitHubSnapshot } from './github-snapshot.js';

export interface PullRequestInfo {
  number: number;
  title: string;
  body: string;
  baseSha: string;
  headSha: string;
}

/**
 * Collects a pull request: its files (paginated) and the head contents of the selected backend
 * files only. Other files are read later, lazily, through the snapshot.
 */
export async function collectFromPullRequest(params: { github: GitHubPort; pr: PullRequestInfo; settings: ReviewSettings }): Promise<{ changeSet: ChangeSet; repo: GitHubSnapshot }> {
  const { github, pr, settings } = params;
  const { files, truncated } = await github.listPullFiles(pr.number);
  const repo = githubSnapshot(github, pr.headSha);
  const changeSet = await buildChangeSet({
    meta: { owner: github.owner, repo: github.repo, number: pr.number, title: pr.title, body: pr.body, baseSha: pr.baseSha, headSha: pr.headSha, totalFiles: files.length, truncated },
    entries: files,
    readHead: (path) => repo.readBytes(path),
    isBackendPath: createBackendDetector(repo),
    entryKind: (path) => repo.entryKind(path),
    paths: settings.paths,
  });
  return { changeSet, repo };
}
