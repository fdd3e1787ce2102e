import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Log } from '../domain/logger.js';
import { DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, retryDelay, type JobOutcome, type JobProcessor, type JobQueue } from '../ports/job-queue.js';

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
  /** The wait before the first retry; later ones wait longer (see retryDelay). */
  retryDelayMs?: number;
  /** How long a worker waits before trying a job whose pull request is busy again. */
  groupRetryMs?: number;
  /**
   * How long a job's locks (BullMQ's and the pull request's) live without renewal. A live worker
   * renews them; a killed one lets them lapse, so its job is taken over quickly.
   */
  lockMs?: number;
}

interface Envelope<T> {
  data: T;
  group?: string;
}

const LOCK_MS = 20_000;

// The pull request's lock is taken by a job, or kept by the same job when it runs again after its
// worker died (BullMQ gives a stalled job back with the same id); renewed and released only by it.
const TAKE_LOCK = `local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RENEW_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * The queue behind the same interface, on Redis with BullMQ, so that many app instances share
 * one queue: a key is accepted once across all of them (SET NX), retries back off (2 s, 8 s,
 * 32 s), and a per-pull-request lock keeps the jobs of one PR from running at the same time.
 * Every lock is tied to a live worker: short-lived and renewed while the job runs, so a crash
 * costs seconds, not the lock's lifetime.
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

  const lockMs = params.lockMs ?? LOCK_MS;
  const baseDelay = params.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const worker = new Worker<Envelope<T>, JobOutcome>(
    name,
    async (job: Job<Envelope<T>, JobOutcome>, token?: string) => {
      const { data, group } = job.data;
      if (group && !(await redis.eval(TAKE_LOCK, 1, lock(group), job.id!, lockMs))) {
        await job.moveToDelayed(Date.now() + (params.groupRetryMs ?? 2000), token);
        throw new DelayedError();
      }
      const renew = group ? setInterval(() => void redis.eval(RENEW_LOCK, 1, lock(group), job.id!, lockMs).catch(() => undefined), lockMs / 3) : undefined;
      try {
        const attempt = job.attemptsMade + 1;
        return await params.process(data, job.id!, attempt, attempt >= (job.opts.attempts ?? 1));
      } finally {
        clearInterval(renew);
        if (group) await redis.eval(RELEASE_LOCK, 1, lock(group), job.id!);
      }
    },
    {
      connection: workerRedis,
      concurrency,
      // BullMQ's own job lock: renewed every lockMs / 2 by a live worker; a dead worker's job is
      // found stalled at the next check and given back to the queue.
      lockDuration: lockMs,
      stalledInterval: lockMs / 2,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade, baseDelay) },
    },
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
        attempts: (params.retries ?? DEFAULT_RETRIES) + 1,
        backoff: { type: 'custom' },
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
