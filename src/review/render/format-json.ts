import { incompleteReasons, type ReviewReport } from '../report/report.js';
import { CATEGORIES, SEVERITIES } from '../../domain/types.js';

/** The CLI's `--format json` document: `{"findings": [Finding...], "summary": {...}}`. */
export function formatJson(report: ReviewReport): string {
  const { changeSet, merged, runs } = report;
  const counts = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(SEVERITIES.map((s) => [s, merged.all.filter((f) => f.category === c && f.severity === s).length]))]),
  );
  const summary = {
    base: changeSet.baseSha,
    head: changeSet.headSha,
    filesReviewed: changeSet.files.map((f) => f.path),
    totalFiles: changeSet.totalFiles,
    skipped: changeSet.skipped,
    total: merged.all.length,
    counts,
    offDiff: merged.offDiff.length,
    // A file or a stage that could not be analysed: the findings may not be all there is.
    incomplete: incompleteReasons(report),
    analyzers: runs.map((r) => ({ name: r.name, kind: r.kind, status: r.status, detail: r.detail, ms: r.ms, usage: r.usage })),
    notes: runs.flatMap((r) => r.notes ?? []),
    notReviewed: runs.flatMap((r) => r.notReviewed ?? []),
    plan: runs.find((r) => r.plan?.length)?.plan,
  };
  return `${JSON.stringify({ findings: merged.all, summary }, null, 2)}\n`;
}
