import { createInProcessQueue } from '../../src/adapters/in-process-queue.js';
import { silentLog } from '../../src/domain/logger.js';
import { DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, retryDelay } from '../../src/ports/job-queue.js';

describe('in-process job queue', () => {
  it('runs a key once while it is pending or remembered, and never more than `concurrency` at a time', async () => {
    let active = 0;
    let peak = 0;
    const ran: string[] = [];
    const queue = createInProcessQueue<string>({
      concurrency: 2,
      log: silentLog,
      process: async (data) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        ran.push(data);
        active--;
        return { remember: true };
      },
    });
    const results = await Promise.all(['a', 'b', 'c', 'a', 'd'].map((k) => queue.enqueue(k, k)));
    expect(results).toEqual(['queued', 'queued', 'queued', 'duplicate', 'queued']);
    await queue.onIdle();
    expect(ran.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(2);
    expect(await queue.enqueue('a', 'a')).toBe('duplicate');
  });

  it('forgets a key whose job asks not to be remembered (a skipped draft can run later)', async () => {
    const queue = createInProcessQueue<string>({ concurrency: 1, log: silentLog, process: async () => ({ remember: false }) });
    await queue.enqueue('k', 'x');
    await queue.onIdle();
    expect(await queue.enqueue('k', 'x')).toBe('queued');
    await queue.onIdle();
  });

  it('retries a job that throws, telling it the attempt, then gives up', async () => {
    const attempts: number[] = [];
    const queue = createInProcessQueue<string>({
      concurrency: 1,
      log: silentLog,
      retries: 2,
      retryDelayMs: 1,
      process: async (_data, _key, attempt) => {
        attempts.push(attempt);
        throw new Error('GitHub is down');
      },
    });
    await queue.enqueue('k', 'x');
    await queue.onIdle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue.enqueue('k', 'x')).toBe('queued');
    await queue.close();
  });

  it('runs the jobs of one group one after another, other groups alongside', async () => {
    const log: string[] = [];
    const queue = createInProcessQueue<string>({
      concurrency: 4,
      log: silentLog,
      process: async (data) => {
        log.push(`start ${data}`);
        await new Promise((r) => setTimeout(r, 10));
        log.push(`end ${data}`);
        return { remember: true };
      },
    });
    await queue.enqueue('pr1@a', 'review', { group: 'pr1' });
    await queue.enqueue('pr1/comment-1', 'command', { group: 'pr1' });
    await queue.enqueue('pr2@a', 'other', { group: 'pr2' });
    await queue.onIdle();
    expect(log.indexOf('end review')).toBeLessThan(log.indexOf('start command'));
    expect(log.indexOf('start other')).toBeLessThan(log.indexOf('end review'));
  });

  it('forgets the oldest keys beyond its memory', async () => {
    const queue = createInProcessQueue<string>({ concurrency: 1, log: silentLog, remember: 2, process: async () => ({ remember: true }) });
    for (const k of ['a', 'b', 'c']) await queue.enqueue(k, k);
    await queue.onIdle();
    expect(await queue.enqueue('c', 'c')).toBe('duplicate');
    expect(await queue.enqueue('a', 'a')).toBe('queued');
    await queue.onIdle();
  });

  it('spaces retries out: the first within seconds, each later one four times longer, and says which attempt is the last', async () => {
    expect([1, 2, 3].map((a) => retryDelay(a, DEFAULT_RETRY_DELAY_MS))).toEqual([2000, 8000, 32000]);
    expect(DEFAULT_RETRIES).toBe(3);
    const calls: { at: number; final: boolean }[] = [];
    const queue = createInProcessQueue<string>({
      concurrency: 1,
      log: silentLog,
      retryDelayMs: 25,
      process: async (_data, _key, _attempt, final) => {
        calls.push({ at: performance.now(), final });
        throw new Error('GitHub is down');
      },
    });
    await queue.enqueue('k', 'x');
    await queue.onIdle();
    expect(calls.map((c) => c.final)).toEqual([false, false, false, true]);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(24);
    expect(gaps[1]).toBeGreaterThanOrEqual(99);
    expect(gaps[2]).toBeGreaterThanOrEqual(399);
  });
});
