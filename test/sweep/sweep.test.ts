import { fileURLToPath } from 'node:url';
import { sweepDirectory } from './sweep.js';

/**
 * The engine on whole trees: the project's own realistic fixtures and example always, and in
 * addition every directory in SWEEP_DIRS (colon-separated checkouts of real projects, which stay
 * out of this repository: `SWEEP_DIRS=/tmp/mealie:/tmp/quivr npm run sweep`). Goal: 0 internal errors.
 */
const own = ['../fixtures/realistic/', '../../examples/demo/head/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
const extra = (process.env.SWEEP_DIRS ?? '').split(':').filter(Boolean);

describe('sweep of whole trees', () => {
  for (const dir of [...own, ...extra]) {
    it(`analyses every file of ${dir} with no internal error`, async () => {
      const report = await sweepDirectory(dir);
      // The figures for the notes of whoever runs it on real projects.
      console.log(`sweep ${dir}: files=${report.files} lines=${report.lines} internal_errors=${report.internalErrors.length} findings=${report.findings} ms=${report.ms}`);
      expect(report.files).toBeGreaterThan(0);
      expect(report.internalErrors).toEqual([]);
    }, 30 * 60_000);
  }
});
