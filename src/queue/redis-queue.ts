import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Log } from '../review/logger.js';
import type { JobOutcome, JobProcessor, JobQueue } from './job-queue.js';

export interface RedisQueueParams<T> {
  url: string;
  process: JobProcessor<T>;
  concurrency: number;
  log: Log;
  /** BullMQ queue name (and Redis key prefix part); one per deployment. */
  name?: string;
  /** How long a finished key is remembered to drop redeliveries. */
  rememberSeconds?: number;
  retries?: number;
  retryDelayMs?: number;
  /** How long a worker waits before trying a job whose pull request is busy again. */
  groupRetryMs?: number;
}

interface Envelope<T> {
  data: T;
  group?: string;
}

const GROUP_LOCK_MS = 15 * 60_000;

/**
 * The queue behind the same interface, on Redis with BullMQ, so that many app instances share
 * one queue: a key is accepted once across all of them (SET NX), retries use BullMQ's backoff,
 * and a per-pull-request lock keeps the jobs of one PR from running at the same time.
 */
export function createRedisQueue<T>(params: RedisQueueParams<T>): JobQueue<T> {
  const { url, log, concurrency } = params;
  const name = params.name ?? 'backend-agent';
  const rememberSeconds = params.rememberSeconds ?? 7 * 24 * 3600;
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  // BullMQ reserves ':' in custom job ids.
  const jobIdOf = (key: string) => key.replace(/:/g, '_');
  const dedupe = (jobId: string) => `${name}:dedupe:${jobId}`;
  const lock = (group: string) => `${name}:group:${group}`;
  const queue = new Queue<Envelope<T>, JobOutcome>(name, { connection: redis });
  // A worker blocks its own connection while it waits for jobs.
  const workerRedis = new Redis(url, { maxRetriesPerRequest: null });

  const worker = new Worker<Envelope<T>, JobOutcome>(
    name,
    async (job: Job<Envelope<T>, JobOutcome>, token?: string) => {
      const { data, group } = job.data;
      if (group && !(await redis.set(lock(group), job.id!, 'PX', GROUP_LOCK_MS, 'NX'))) {
        await job.moveToDelayed(Date.now() + (params.groupRetryMs ?? 2000), token);
        throw new DelayedError();
      }
      try {
        return await params.process(data, job.id!, job.attemptsMade + 1);
      } finally {
        if (group && (await redis.get(lock(group))) === job.id) await redis.del(lock(group));
      }
    },
    { connection: workerRedis, concurrency },
  );
  worker.on('completed', (job, outcome) => {
    if (!outcome?.remember) void redis.del(dedupe(job.id!));
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn']({ err, job: job.id, attempt: job.attemptsMade }, final ? 'job failed for good' : 'job failed; it will be tried again');
    if (final) void redis.del(dedupe(job.id!));
  });
  worker.on('error', (err) => log.error({ err }, 'queue worker error'));

  return {
    async enqueue(key, data, options) {
      const jobId = jobIdOf(key);
      if (!(await redis.set(dedupe(jobId), '1', 'EX', rememberSeconds, 'NX'))) return 'duplicate';
      await queue.add('job', { data, group: options?.group }, {
        jobId,
        attempts: (params.retries ?? 2) + 1,
        backoff: { type: 'fixed', delay: params.retryDelayMs ?? 30_000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      });
      return 'queued';
    },
    async onIdle() {
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        if (Object.values(counts).every((n) => n === 0)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker.close();
      await queue.close();
      redis.disconnect();
      workerRedis.disconnect();
    },
  };
}
