import type { Log } from '../../review/logger.js';
import { openJobContext } from './job-context.js';
import { loadRepoConfig } from '../../config/load-repo-config.js';
import { loadRepoPersona } from '../../persona/load-repo-persona.js';
import { runPullRequestReview } from '../../review/run-pull-request-review.js';
import type { AppServices } from '../probot/app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';

/** The key that makes a review unique: one review per pull request head commit. */
export function reviewKey(owner: string, repo: string, number: number, headSha: string): string {
  return `${owner}/${repo}#${number}@${headSha}`;
}

/** Runs one queued review with an installation token, as the webhook's Context would. */
export async function processReview(services: AppServices, job: Extract<AppJob, { kind: 'review' }>, run: { log: Log; attempt: number; final: boolean }): Promise<JobOutcome> {
  const { log } = run;
  const { payload } = job.event;
  const { context, github } = await openJobContext(services, job.event, log);
  const pr = payload.pull_request;
  // Only worth a request when the persona will actually review.
  const repoPersona = services.env.ANTHROPIC_API_KEY ? await loadRepoPersona(context, 'backend-agent') : {};
  const outcome = await runPullRequestReview(
    {
      github,
      loadConfig: async () => {
        const config = await loadRepoConfig(context);
        return repoPersona.problem ? { ...config, problems: [...config.problems, repoPersona.problem] } : config;
      },
      createAnalyzers: (settings) => services.createAnalyzers(settings, log, repoPersona.persona),
      log,
      botLogin: await services.botLogin(),
    },
    {
      pr: { number: pr.number, title: pr.title ?? '', body: pr.body ?? '', baseSha: pr.base.sha, headSha: pr.head.sha, draft: !!pr.draft },
      force: job.force,
      retry: run.attempt > 1,
      final: run.final,
    },
  );
  // A draft skipped now must still be reviewed when it becomes ready, at the same head.
  return { remember: !(outcome.status === 'skipped' && outcome.reason === 'draft pull request') };
}
