import type { Log } from '../../domain/logger.js';
import { openJobContext } from './job-context.js';
import { loadRepoConfig } from '../../config/load-repo-setup.js';
import type { ParsedConfig } from '../../config/parse-repo-config.js';
import { runPullRequestReview } from '../../review/run-pull-request-review.js';
import { runCommand } from '../../commands/run-command.js';
import type { AppServices } from './app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';

/** Runs one queued `/backend-agent` comment with an installation token, as the webhook's Context would. */
export async function processCommand(services: AppServices, job: Extract<AppJob, { kind: 'command' }>, run: { log: Log }): Promise<JobOutcome> {
  const { log } = run;
  const { payload } = job.event;
  const { github, files } = await openJobContext(services, job.event, log);
  let config: Promise<ParsedConfig> | undefined;
  const loadConfig = () => (config ??= loadRepoConfig(files));
  const botLogin = await services.gitHub.botLogin();
  const { issue, comment } = payload;
  await runCommand(
    {
      github,
      log,
      loadConfig,
      kit: await services.planningKit(),
      botLogin,
      review: (pr) =>
        runPullRequestReview(
          { github, loadConfig, createAnalyzers: (settings) => services.createAnalyzers(settings, log), log, botLogin },
          { pr: { number: pr.number, title: pr.title, body: pr.body, baseSha: pr.baseSha, headSha: pr.headSha, draft: pr.draft }, force: true },
        ),
      staticAnalyzers: async (settings) => (await services.createAnalyzers(settings, log)).filter((a) => a.kind === 'static'),
    },
    {
      comment: { id: comment.id, body: comment.body ?? '', htmlUrl: comment.html_url ?? '', user: { login: comment.user?.login ?? '', type: comment.user?.type ?? '', association: comment.author_association ?? 'NONE' } },
      subject: { kind: issue.pull_request ? 'pull request' : 'issue', number: issue.number, title: issue.title ?? '', body: issue.body ?? '', htmlUrl: issue.html_url ?? '' },
      defaultBranch: payload.repository.default_branch ?? 'main',
    },
  );
  return { remember: true };
}
