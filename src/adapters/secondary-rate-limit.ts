import type { Log } from '../domain/logger.js';

const MAX_ATTEMPTS = 4;
const MAX_WAIT_S = 120;

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** Seconds to wait when GitHub refused a request with a (secondary) rate limit, else null. */
export function rateLimitWait(err: unknown): number | null {
  const e = err as HttpError;
  if (e?.status !== 403 && e?.status !== 429) return null;
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter, MAX_WAIT_S);
  if (/secondary rate|abuse/i.test(e.message ?? '')) return 60;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000 - Date.now();
    return Number.isFinite(reset) ? Math.min(Math.max(1, Math.ceil(reset / 1000)), MAX_WAIT_S) : 60;
  }
  return null;
}

/**
 * Retries a GitHub call refused by a rate limit after the time GitHub asks for. Probot's
 * throttling defaults only log a secondary rate limit (403 + retry-after) and give up, which
 * would lose the review; this wrapper waits and tries again, a bounded number of times.
 */
export async function retryOnRateLimit<T>(what: string, fn: () => Promise<T>, log: Log, sleep = defaultSleep): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = rateLimitWait(err);
      if (wait === null || attempt >= MAX_ATTEMPTS) throw err;
      log.warn({ what, attempt, waitSeconds: wait }, 'GitHub rate limit; waiting before retrying');
      await sleep(wait * 1000);
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
