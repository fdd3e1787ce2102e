import type { Log } from '../../review/logger.js';
import { openJobContext } from './job-context.js';
import { loadRepoConfig } from '../../config/load-repo-config.js';
import { runTriage } from '../../triage/run-triage.js';
import type { AppServices } from '../probot/app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';

/** The key that makes a triage unique: one per issue. */
export function triageKey(owner: string, repo: string, issueId: number): string {
  return `${owner}/${repo}/issue-${issueId}/triage`;
}

/** Triages one new issue with an installation token, after the webhook was answered. */
export async function processTriage(services: AppServices, job: Extract<AppJob, { kind: 'triage' }>, run: { log: Log }): Promise<JobOutcome> {
  const { log } = run;
  const { payload } = job.event;
  const { context, github } = await openJobContext(services, job.event, log);
  const { issue } = payload;
  await runTriage(
    { github, log, loadConfig: () => loadRepoConfig(context), kit: await services.planningKit(), botLogin: await services.botLogin() },
    { issue: { id: issue.id, number: issue.number, title: issue.title ?? '', body: issue.body ?? '' }, defaultBranch: payload.repository.default_branch ?? 'main' },
  );
  return { remember: true };
}
