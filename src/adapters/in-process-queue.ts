import type { Log } from '../domain/logger.js';
import { DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, retryDelay, type JobProcessor, type JobQueue } from '../ports/job-queue.js';

export interface InProcessQueueParams<T> {
  process: JobProcessor<T>;
  concurrency: number;
  log: Log;
  /** How many completed keys are remembered to drop redeliveries (oldest forgotten first). */
  remember?: number;
  /** A job that throws (GitHub down after Octokit's own retries) is tried again this many times. */
  retries?: number;
  /** The wait before the first retry; later ones wait longer (see retryDelay). */
  retryDelayMs?: number;
}

/** The default queue: in memory, a concurrency limit, and de-duplication by key. */
export function createInProcessQueue<T>(params: InProcessQueueParams<T>): JobQueue<T> {
  const { process, concurrency, log } = params;
  const capacity = params.remember ?? 10_000;
  const done = new Set<string>(); // insertion-ordered: the first key is the oldest
  const pending = new Set<string>();
  const waiting: { key: string; data: T; attempt: number; group?: string }[] = [];
  const busyGroups = new Set<string>();
  const retries = params.retries ?? DEFAULT_RETRIES;
  const retryDelayMs = params.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  let delayed = 0;
  let running = 0;
  let idle: (() => void)[] = [];

  const settle = () => {
    if (running === 0 && waiting.length === 0 && delayed === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  };
  const remember = (key: string) => {
    done.add(key);
    if (done.size > capacity) done.delete(done.values().next().value as string);
  };
  const next = () => {
    while (running < concurrency) {
      // The first waiting job whose pull request has nothing running: a review and a
      // `/backend-agent review` on the same PR must not both post.
      const index = waiting.findIndex((j) => !j.group || !busyGroups.has(j.group));
      if (index < 0) return;
      const [job] = waiting.splice(index, 1);
      const { key, data, attempt, group } = job;
      if (group) busyGroups.add(group);
      running++;
      void process(data, key, attempt, attempt > retries)
        .then(
          (outcome) => {
            pending.delete(key);
            if (outcome.remember) remember(key);
          },
          (err: unknown) => {
            if (attempt <= retries) {
              const wait = retryDelay(attempt, retryDelayMs);
              log.warn({ err, job: key, attempt, retryInMs: wait }, 'job failed; it will be tried again');
              delayed++;
              setTimeout(() => {
                delayed--;
                waiting.push({ ...job, attempt: attempt + 1 });
                next();
                settle();
              }, wait).unref();
            } else {
              log.error({ err, job: key, attempts: attempt }, 'job failed for good');
              pending.delete(key);
            }
          },
        )
        .finally(() => {
          if (group) busyGroups.delete(group);
          running--;
          next();
          settle();
        });
    }
  };

  return {
    async enqueue(key, data, options) {
      if (pending.has(key) || done.has(key)) return 'duplicate';
      pending.add(key);
      waiting.push({ key, data, attempt: 1, group: options?.group });
      // Start after the caller returns, so the webhook is answered first.
      setImmediate(next);
      return 'queued';
    },
    onIdle() {
      if (running === 0 && waiting.length === 0 && delayed === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    async close() {
      for (const { key } of waiting.splice(0)) pending.delete(key);
      settle();
      await this.onIdle();
    },
  };
}
