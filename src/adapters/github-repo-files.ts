import type { Octokit } from '@octokit/rest';
import { NotAFileError, type RepoFiles } from '../ports/repo-files.js';
import { FileTooLargeError } from '../ports/github.js';

export interface GitHubRepoFilesParams {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** The branch to read; none reads the default branch (GitHub's own default). */
  ref?: string;
}

/**
 * RepoFiles over GitHub's contents API: the text of a file on the default branch (or `ref`),
 * null on a 404, Octokit's error (with its status) on anything else.
 */
export function createGitHubRepoFiles(params: GitHubRepoFilesParams): RepoFiles {
  const { octokit, owner, repo, ref } = params;
  return {
    label: `${owner}/${repo}`,
    async getFile(path) {
      let data;
      try {
        ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ...(ref ? { ref } : {}) }));
      } catch (err) {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      }
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new NotAFileError(path);
      if ((data as { encoding?: string }).encoding !== 'base64') throw new FileTooLargeError(path, data.size);
      return Buffer.from(data.content, 'base64').toString('utf8');
    },
    elsewhere: (otherOwner, otherRepo) => createGitHubRepoFiles({ octokit, owner: otherOwner, repo: otherRepo }),
  };
}
