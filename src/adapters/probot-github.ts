import type { Probot } from 'probot';
import type { Octokit } from '@octokit/rest';
import type { AppGitHub } from '../ports/installation.js';
import { createOctokitPort } from './github-octokit.js';
import { createGitHubRepoFiles } from './github-repo-files.js';

/**
 * The App's GitHub ports over Probot: an installation's Octokit (retries, throttling and token
 * refresh are Probot's) turned into the GitHubPort and the RepoFiles the jobs use. Nothing past
 * this file sees a Probot Context or an Octokit.
 */
export function createProbotGitHub(probot: Probot): AppGitHub {
  let botLogin: Promise<string | undefined> | undefined;
  return {
    async openRepository(installationId, owner, repo, log) {
      const octokit = (await probot.auth(installationId)) as unknown as Octokit;
      return { github: createOctokitPort({ octokit, owner, repo, log }), files: createGitHubRepoFiles({ octokit, owner, repo }) };
    },
    botLogin: () =>
      (botLogin ??= probot
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : undefined))
        .catch((err: unknown) => {
          probot.log.warn({ err }, 'could not look up the app slug; trusting any bot comment marker');
          return undefined;
        })),
  };
}
