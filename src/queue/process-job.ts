import type { Log } from '../review/logger.js';
import type { AppServices } from '../app-services.js';
import type { JobOutcome } from './job-queue.js';
import type { AppJob } from './jobs.js';
import { processReview } from './process-review.js';
import { processCommand } from './process-command.js';
import { processTriage } from './process-triage.js';

/** Dispatches a queued job to its use case. */
export async function processJob(services: AppServices, job: AppJob, run: { log: Log; attempt: number }): Promise<JobOutcome> {
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
