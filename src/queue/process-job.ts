import type { Log } from '../review/logger.js';
import type { AppServices } from '../app-services.js';
import type { JobOutcome } from './job-queue.js';
import type { AppJob } from './jobs.js';
import { processReview } from './process-review.js';

/** Dispatches a queued job to its use case. */
export async function processJob(services: AppServices, job: AppJob, run: { log: Log; attempt: number }): Promise<JobOutcome> {
  const { log } = run;
  switch (job.kind) {
    case 'review':
      return processReview(services, job, run);
    default:
      log.warn({ kind: job.kind }, 'no processor for this job kind yet');
      return { remember: true };
  }
}
