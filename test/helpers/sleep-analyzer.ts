import type { Analyzer } from '../../src/review/analyse/shared/analyzer.js';
import type { FindingDraft } from '../../src/domain/types.js';

/**
 * A small deterministic analyzer for pipeline tests: it flags every added line that calls
 * time.sleep, with a suggestion, so the tests control exactly which findings exist.
 */
export const sleepAnalyzer: Analyzer = {
  name: 'static',
  kind: 'static',
  async run({ changeSet }) {
    const findings: FindingDraft[] = [];
    for (const file of changeSet.files) {
      const lines = file.content?.split('\n') ?? [];
      lines.forEach((text, i) => {
        if (!file.lines.added.has(i + 1) || !text.includes('time.sleep(')) return;
        findings.push({
          path: file.path,
          line: i + 1,
          category: 'async',
          severity: 'high',
          rule: 'async-blocking-sleep',
          title: 'Blocking sleep inside async def',
          message: '`time.sleep()` blocks the event loop; every other request waits. Use `await asyncio.sleep()`.',
          suggestion: text.replace('time.sleep(', 'await asyncio.sleep('),
          source: 'static',
        });
      });
    }
    return { findings, status: 'ok' };
  },
};
