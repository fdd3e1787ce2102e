import { rateLimitWait, retryOnRateLimit } from '../../src/adapters/secondary-rate-limit.js';
import { silentLog } from '../../src/domain/logger.js';

const limited = (headers: Record<string, string>, message = 'You have exceeded a secondary rate limit') => Object.assign(new Error(message), { status: 403, response: { headers } });

describe('rate-limit retries', () => {
  it('reads the wait from retry-after, the secondary-limit message, or the reset time', () => {
    expect(rateLimitWait(limited({ 'retry-after': '7' }))).toBe(7);
    expect(rateLimitWait(limited({}))).toBe(60);
    expect(rateLimitWait(limited({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 5) }, 'API rate limit exceeded'))).toBeGreaterThanOrEqual(4);
    expect(rateLimitWait(Object.assign(new Error('Forbidden'), { status: 403, response: { headers: {} } }))).toBeNull();
    expect(rateLimitWait(Object.assign(new Error('Unprocessable'), { status: 422 }))).toBeNull();
  });

  it('waits as asked and tries again, a bounded number of times', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryOnRateLimit(
      'post review',
      async () => {
        if (++calls < 3) throw limited({ 'retry-after': '2' });
        return 'posted';
      },
      silentLog,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(result).toBe('posted');
    expect(waits).toEqual([2000, 2000]);
    await expect(retryOnRateLimit('x', async () => Promise.reject(limited({ 'retry-after': '1' })), silentLog, async () => {})).rejects.toThrow('secondary rate limit');
  });
});
