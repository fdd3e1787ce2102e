import { runLimited } from '../../../../src/review/analyse/llm/run-limited.js';

describe('runLimited', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2];
    const out = await runLimited(delays, 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('handles no items', async () => {
    expect(await runLimited([], 3, async () => 1)).toEqual([]);
  });
});
