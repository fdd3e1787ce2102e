/**
 * Reviews and command replies run behind this small interface, after the webhook is answered.
 * Jobs are plain serialisable data keyed by what makes them unique (`owner/repo#number@sha`),
 * so an in-process queue and a Redis-backed one are interchangeable.
 */
export interface JobQueue<T> {
  /**
   * 'duplicate' when a job with this key is running, waiting, or recently completed. Jobs of the
   * same `group` (one pull request) run one after another, never at the same time.
   */
  enqueue(key: string, data: T, options?: { group?: string }): Promise<'queued' | 'duplicate'>;
  /** Resolves when nothing is running or waiting (tests, graceful shutdown). */
  onIdle(): Promise<void>;
  close(): Promise<void>;
}

/** What a job tells the queue: `remember: false` lets a later event with the same key run again. */
export interface JobOutcome {
  remember: boolean;
}

/** `attempt` starts at 1; a retried job may find part of its work already done. */
export type JobProcessor<T> = (data: T, key: string, attempt: number) => Promise<JobOutcome>;
