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

/**
 * `attempt` starts at 1; a retried job may find part of its work already done. `final` is true on
 * the last attempt: a job that fails then fails for good, so it must leave its signal (a check
 * run that says the review failed) rather than count on another try.
 */
export type JobProcessor<T> = (data: T, key: string, attempt: number, final: boolean) => Promise<JobOutcome>;

/** A failing job is tried again this many times (GitHub 5xx after Octokit's own retries, a crash). */
export const DEFAULT_RETRIES = 3;
/** The first retry comes after this long; each later one waits four times longer (2 s, 8 s, 32 s). */
export const DEFAULT_RETRY_DELAY_MS = 2000;

/** How long to wait before attempt `attempt + 1`. */
export function retryDelay(attempt: number, baseMs: number): number {
  return baseMs * 4 ** (attempt - 1);
}
