import type { Log } from '../../domain/logger.js';
import { openJobContext } from './job-context.js';
import { loadRepoConfig } from '../../config/load-repo-setup.js';
import { runTriage } from '../../triage/run-triage.js';
import type { AppServices } from './app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';

/** Triages one new issue with an installation token, after the webhook was answered. */
export async function processTriage(services: AppServices, job: Extract<AppJob, { kind: 'triage' }>, run: { log: Log }): Promise<JobOutcome> {
  const { log } = run;
  const { payload } = job.event;
  const { github, files } = await openJobContext(services, job.event, log);
  const { issue } = payload;
  await runTriage(
    { github, log, loadConfig: () => loadRepoConfig(files), kit: await services.planningKit(), botLogin: await services.gitHub.botLogin() },
    { issue: { id: issue.id, number: issue.number, title: issue.title ?? '', body: issue.body ?? '' }, defaultBranch: payload.repository.default_branch ?? 'main' },
  );
  return { remember: true };
}
