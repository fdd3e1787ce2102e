import type { Log } from '../../domain/logger.js';
import type { AppServices } from './app-services.js';
import type { JobOutcome } from '../../ports/job-queue.js';
import type { AppJob } from './jobs.js';
import { processReview } from './process-review.js';
import { processCommand } from './process-command.js';
import { processTriage } from './process-triage.js';
import { openJobContext } from './job-context.js';
import { reportReviewFailure } from './report-failure.js';

/**
 * Dispatches a queued job to its use case. A review that fails on its last attempt leaves a
 * check run (or the summary) saying so before the queue records the failure.
 */
export async function processJob(services: AppServices, job: AppJob, run: { log: Log; attempt: number; final: boolean }): Promise<JobOutcome> {
  try {
    return await dispatch(services, job, run);
  } catch (err) {
    if (run.final && job.kind === 'review') await reportFailedReview(services, job, run, err);
    throw err;
  }
}

async function reportFailedReview(services: AppServices, job: Extract<AppJob, { kind: 'review' }>, run: { log: Log; attempt: number }, err: unknown): Promise<void> {
  const pr = job.event.payload.pull_request;
  try {
    const { github } = await openJobContext(services, job.event, run.log);
    const botLogin = await services.gitHub.botLogin();
    const left = await reportReviewFailure({ github, number: pr.number, headSha: pr.head.sha, attempts: run.attempt, err, log: run.log, botLogin });
    run.log.info({ reported: left }, 'review failed for good; reported on the pull request');
  } catch (reportErr) {
    run.log.error({ err: (reportErr as Error).message }, 'review failed for good and GitHub could not be told');
  }
}

async function dispatch(services: AppServices, job: AppJob, run: { log: Log; attempt: number; final: boolean }): Promise<JobOutcome> {
  const { log } = run;
  switch (job.kind) {
    case 'review':
      return processReview(services, job, run);
    case 'command':
      return processCommand(services, job, run);
    case 'triage':
      return processTriage(services, job, run);
    default:
      // A job written by another version of the app (a shared Redis queue) may name a kind this one lacks.
      log.warn({ kind: (job as { kind: string }).kind }, 'no processor for this job kind');
      return { remember: true };
  }
}
