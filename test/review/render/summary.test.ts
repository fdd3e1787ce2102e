import { MAX_SUMMARY_CHARS, renderSummary } from '../../../src/review/render/summary.js';
import { summaryState } from '../../../src/review/memory/summary-state.js';
import { readState, isSummary } from '../../../src/review/memory/markers.js';
import { buildCheckRun } from '../../../src/review/render/check-run.js';
import { mergeFindings } from '../../../src/review/merge/merge-findings.js';
import { defaultSettings } from '../../../src/config/repo-config.js';
import { emptyReport, type ReviewReport } from '../../../src/review/report/report.js';
import { makeChangeSet } from '../../helpers/change-set.js';
import type { FindingDraft } from '../../../src/domain/types.js';

const HEAD = 'import time\n\nasync def f():\n    time.sleep(1)\n    q = f"select * from t where id={x}"\n';
const { changeSet } = makeChangeSet([{ path: 'app/x.py', head: HEAD }]);
changeSet.skipped.push({ path: 'app/blob.bin.py', reason: 'binary file' });

const drafts: FindingDraft[] = [
  { path: 'app/x.py', line: 4, category: 'async', severity: 'high', rule: 'async-blocking-sleep', title: 'Blocking sleep', message: 'Use asyncio.sleep.', source: 'static' },
  { path: 'app/x.py', line: 5, category: 'security', severity: 'high', rule: 'sql-string-built', title: 'SQL built from a string <!-- sneaky -->', message: 'Bind parameters.', source: 'static' },
  { path: 'app/y.py', line: 3, category: 'query', severity: 'medium', rule: 'unbounded-select', title: 'Unbounded list', message: 'Paginate.', source: 'static' },
];

function report(over: Partial<ReviewReport> = {}): ReviewReport {
  const merged = mergeFindings({ drafts, changeSet, settings: defaultSettings() });
  return { ...emptyReport(changeSet), merged, runs: [{ name: 'static', kind: 'static', status: 'ok', findings: [], ms: 12 }], ...over };
}

describe('renderSummary', () => {
  it('holds counts, the plan, off-diff findings, skipped files, analyzers and the state marker', () => {
    const body = renderSummary(report());
    expect(isSummary(body)).toBe(true);
    expect(body).toContain('**3 findings** (2 high, 1 medium); 2 new inline comments.');
    expect(body).toContain('| async | 1 | · | · |\n| security | 1 | · | · |\n| query | · | 1 | · |');
    expect(body).toContain('### Fix plan\n\n1. **high · async**: Blocking sleep (`app/x.py:4`).\n2. **high · security**: SQL built from a string &lt;!-- sneaky --&gt; (`app/x.py:5`).\n3. **medium · query**: Unbounded list (`app/y.py:3`).');
    expect(body).toContain('### Not on the diff (1)\n\n- `app/y.py:3` **medium · query** `unbounded-select`: Unbounded list. Paginate.');
    expect(body).toContain('<details><summary>Skipped (1)</summary>\n\n- `app/blob.bin.py`: binary file');
    expect(body).toContain('✓ **static** (static, 12 ms)');
    // Only our own marker is a marker: text from findings cannot open an HTML comment.
    expect(body.match(/<!--/g)).toHaveLength(2);
    expect(readState(body)).toEqual(summaryState(report()));
  });

  it('says what was cut short: failed analyzers, files not reviewed, the 3,000-file cap, config problems', () => {
    const truncated = { ...changeSet, truncated: true, totalFiles: 3000 };
    const body = renderSummary(
      report({
        changeSet: truncated,
        configProblems: ['`min_severity`: expected one of "high"|"medium"|"low", found "critical"'],
        runs: [
          { name: 'static', kind: 'static', status: 'ok', findings: [], ms: 3 },
          { name: 'persona', kind: 'llm', status: 'failed', detail: 'AI review unavailable: overloaded', findings: [], ms: 40, notReviewed: [{ path: 'app/z.py', reason: 'not reviewed by AI (budget)' }] },
        ],
      }),
    );
    expect(body).toContain('GitHub lists at most 3,000 files per pull request');
    expect(body).toContain('✗ **persona** (llm, 40 ms): AI review unavailable: overloaded');
    expect(body).toContain('- `app/z.py`: not reviewed by AI (budget)');
    expect(body).toContain('### Configuration problems\n\n- `min_severity`: expected one of "high"|"medium"|"low", found "critical"');
    expect(body).not.toContain('AI review** off');
  });

  it('lists findings fixed since the last review', () => {
    const body = renderSummary(report({ fixed: [{ fingerprint: 'abc', rule: 'sql-string-built', path: 'app/q.py', title: 'SQL built from a string', severity: 'high', category: 'security' }] }));
    expect(body).toContain('### Fixed since the last review (1)\n\n- ✅ `app/q.py` `sql-string-built`: SQL built from a string');
  });
});

it('stays under GitHub\'s comment size limit with thousands of findings, keeping its markers', () => {
  const many: FindingDraft[] = Array.from({ length: 3000 }, (_, i) => ({
    path: `app/module_${i}.py`,
    line: 4,
    category: 'query',
    severity: i % 2 ? 'medium' : 'high',
    rule: 'n-plus-one-in-loop',
    title: `A query inside a loop number ${i} that is quite long to make the body grow`,
    message: 'x'.repeat(200),
    source: 'static',
  }));
  const merged = mergeFindings({ drafts: many, changeSet, settings: defaultSettings() });
  const body = renderSummary({ ...report(), merged });
  expect(body.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
  expect(isSummary(body)).toBe(true);
  const state = readState<{ open: unknown[] }>(body);
  expect(state!.open.length).toBeGreaterThan(0);
});

describe('buildCheckRun', () => {
  it('is neutral with findings, failure when fail_on is reached, success when clean and complete', () => {
    const settings = defaultSettings();
    expect(buildCheckRun(report(), settings).conclusion).toBe('neutral');
    expect(buildCheckRun(report(), { ...settings, check_run: { enabled: true, fail_on: 'high' } }).conclusion).toBe('failure');
    expect(buildCheckRun({ ...report(), merged: mergeFindings({ drafts: [], changeSet, settings }) }, settings).conclusion).toBe('success');
  });

  it('never reports a cut-short review as a silent success', () => {
    const settings = defaultSettings();
    const run = buildCheckRun(
      { ...report(), merged: mergeFindings({ drafts: [], changeSet, settings }), runs: [{ name: 'persona', kind: 'llm', status: 'failed', detail: 'AI review unavailable: timed out', findings: [], ms: 1 }] },
      settings,
    );
    expect(run.conclusion).toBe('neutral');
    expect(run.output.title).toBe('No findings, but the review was incomplete');
    expect(run.output.text).toContain('AI review unavailable: timed out');
  });

  it('annotates every finding on the head side with its level', () => {
    const run = buildCheckRun(report(), defaultSettings());
    expect(run.output.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['app/x.py', 4, 'failure'],
      ['app/x.py', 5, 'failure'],
      ['app/y.py', 3, 'warning'],
    ]);
  });
});
