import type { AnalyzerRun } from '../analyse/run-analyzers.js';
import type { MergedFindings } from '../merge/merge-findings.js';
import type { ChangeSet, Finding, Note } from '../../domain/types.js';

/** A finding from an earlier review that is gone at this head. */
export interface FixedFinding {
  fingerprint: string;
  rule: string;
  path: string;
  title: string;
  severity: Finding['severity'];
  category: Finding['category'];
}

/** Everything a review produced: what the renderers turn into markdown, JSON, text or SARIF. */
export interface ReviewReport {
  changeSet: ChangeSet;
  merged: MergedFindings;
  runs: AnalyzerRun[];
  /** Problems in `.github/backend-agent.yml` (errors and unknown keys), shown verbatim. */
  configProblems: string[];
  /** Inline comments GitHub refused (422): moved into the summary so nothing is lost. */
  rejected: Finding[];
  /** Findings left out of this commit's review because an earlier attempt had already posted it. */
  late?: Finding[];
  /** Findings of an earlier review that this push fixed. */
  fixed: FixedFinding[];
  /** Notes of the pipeline itself (read budget reached, ...), beside the analyzers' own. */
  notes: Note[];
}

export function emptyReport(changeSet: ChangeSet): ReviewReport {
  return {
    changeSet,
    merged: { inline: [], offDiff: [], overflow: [], belowThreshold: [], repeated: [], all: [], suppressed: 0 },
    runs: [],
    configProblems: [],
    rejected: [],
    fixed: [],
    notes: [],
  };
}

/**
 * Why this review is not complete, in words; empty when it is. A review cut short (a file the engine
 * failed on, an analyzer that failed, a budget, GitHub's file cap) never passes for a clean one: the
 * check run is neutral, the summary says so and the CLI exits 3 under `--fail-on`.
 */
export function incompleteReasons(report: ReviewReport): string[] {
  const reasons: string[] = [];
  if (report.changeSet.truncated) reasons.push('GitHub listed only the first 3,000 files of this pull request');
  for (const run of report.runs) {
    if (run.status === 'failed' || run.status === 'partial') reasons.push(run.detail ?? `${run.name} did not complete`);
    const budget = run.notReviewed?.length ?? 0;
    if (budget) reasons.push(`${budget} file${budget > 1 ? 's' : ''} not reviewed by ${run.name}`);
  }
  return reasons;
}
