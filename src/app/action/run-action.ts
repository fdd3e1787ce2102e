import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { createTokenGitHub } from '../../adapters/action-octokit.js';
import { loadRepoConfig } from '../../config/load-repo-setup.js';
import { createAnalyzers } from '../wiring/create-analyzers.js';
import { runPullRequestReview, type ReviewOutcome } from '../../review/run-pull-request-review.js';

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  /** Where pino writes (stderr in the Action). */
  logTo?: { write(line: string): unknown };
  fetch?: typeof fetch;
}

/**
 * The runner hands a JavaScript action its inputs as `INPUT_<NAME>` with the name upper-cased and
 * its dashes kept (`INPUT_GITHUB-TOKEN`); the rest of the code reads the usual names.
 */
function withInputs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const input = (name: string) => env[`INPUT_${name.toUpperCase()}`]?.trim() || undefined;
  return {
    ...env,
    INPUT_GITHUB_TOKEN: input('github-token') ?? env.INPUT_GITHUB_TOKEN,
    ANTHROPIC_API_KEY: input('anthropic-api-key') ?? env.ANTHROPIC_API_KEY,
  };
}

/**
 * The GitHub Action entry: the same review pipeline as the App, driven by the workflow's
 * GITHUB_TOKEN and event payload. Config is read from the default branch, as in the App.
 */
export async function runAction(io: ActionIo): Promise<ReviewOutcome | { status: 'skipped'; reason: string }> {
  const env = withInputs(io.env);
  const log = pino({ level: env.LOG_LEVEL ?? 'info', base: undefined }, io.logTo ?? process.stderr);
  const token = env.INPUT_GITHUB_TOKEN || env.GITHUB_TOKEN;
  if (!token) throw new Error('GITHUB_TOKEN is not set: pass `github-token: ${{ github.token }}` to the action');
  if (!env.GITHUB_EVENT_PATH) throw new Error('GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions workflow');
  const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  const pr = event.pull_request;
  if (!pr) {
    log.info({ event: env.GITHUB_EVENT_NAME }, 'not a pull_request event: nothing to review');
    return { status: 'skipped', reason: `not a pull_request event (${env.GITHUB_EVENT_NAME})` };
  }
  if (pr.state === 'closed') return { status: 'skipped', reason: 'closed pull request' };
  const [owner, repo] = [event.repository.owner.login as string, event.repository.name as string];
  const { github, files } = createTokenGitHub({
    token,
    baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    owner,
    repo,
    // The default branch, never the pull request: a PR cannot change its own rules.
    filesRef: event.repository.default_branch ?? 'main',
    log,
    fetch: io.fetch,
  });
  return runPullRequestReview(
    {
      github,
      log,
      loadConfig: () => loadRepoConfig(files),
      createAnalyzers: () => createAnalyzers({ env, noLlm: false, log }),
      botLogin: 'github-actions[bot]',
    },
    { pr: { number: pr.number, title: pr.title ?? '', body: pr.body ?? '', baseSha: pr.base.sha, headSha: pr.head.sha, draft: !!pr.draft } },
  );
}
