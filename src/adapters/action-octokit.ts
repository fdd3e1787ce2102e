import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Log } from '../domain/logger.js';
import type { GitHubPort } from '../ports/github.js';
import type { RepoFiles } from '../ports/repo-files.js';
import { createOctokitPort } from './github-octokit.js';
import { createGitHubRepoFiles } from './github-repo-files.js';

const ActionOctokit = Octokit.plugin(retry, throttling);

export interface TokenGitHubParams {
  token: string;
  baseUrl: string;
  owner: string;
  repo: string;
  /** The branch RepoFiles reads (the default branch). */
  filesRef: string;
  log: Log;
  fetch?: typeof fetch;
}

/**
 * The GitHub ports of a token (the Action's GITHUB_TOKEN): an Octokit that retries and waits out
 * both rate limits, and logs through the app's logger, never to the console.
 */
export function createTokenGitHub(params: TokenGitHubParams): { github: GitHubPort; files: RepoFiles } {
  const { log, owner, repo } = params;
  const octokit = new ActionOctokit({
    auth: params.token,
    baseUrl: params.baseUrl,
    request: params.fetch ? { fetch: params.fetch } : undefined,
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) },
    throttle: {
      // Wait out both limits: losing the review is worse than a slower one.
      onRateLimit: (_after: number, _options: unknown, _o: unknown, count: number) => count < 3,
      onSecondaryRateLimit: (_after: number, _options: unknown, _o: unknown, count: number) => count < 3,
    },
  });
  return { github: createOctokitPort({ octokit, owner, repo, log }), files: createGitHubRepoFiles({ octokit, owner, repo, ref: params.filesRef }) };
}
