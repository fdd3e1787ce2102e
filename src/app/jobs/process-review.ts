import type { Log } from '../../domain/logger.js';
import { openJobContext } from './job-context.js';
import { loadRepoConfig, loadRepoPersona } from '../../config/load-repo-setup.js';
import { runPullRequestReview } from '../../review/run-pull-request-review.js';
import type { AppServices } from './app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';

/** Runs one queued review with an installation token, as the webhook's Context would. */
export async function processReview(services: AppServices, job: Extract<AppJob, { kind: 'review' }>, run: { log: Log; attempt: number; final: boolean }): Promise<JobOutcome> {
  const { log } = run;
  const { payload } = job.event;
  const { github, files } = await openJobContext(services, job.event, log);
  const pr = payload.pull_request;
  // Only worth a request when the persona will actually review.
  const repoPersona = services.env.ANTHROPIC_API_KEY ? await loadRepoPersona(files, 'backend-agent') : {};
  const outcome = await runPullRequestReview(
    {
      github,
      loadConfig: async () => {
        const config = await loadRepoConfig(files);
        return repoPersona.problem ? { ...config, problems: [...config.problems, repoPersona.problem] } : config;
      },
      createAnalyzers: (settings) => services.createAnalyzers(settings, log, repoPersona.persona),
      log,
      botLogin: await services.gitHub.botLogin(),
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
