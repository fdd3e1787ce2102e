import { neutraliseMarkdown } from '../../security/neutralise-markdown.js';
import type { ReviewReport } from '../report/report.js';
import type { Finding } from '../../domain/types.js';
import { readState } from './markers.js';

/** What the summary remembers between pushes (hidden in a marker, see markers.ts). */
export interface SummaryState {
  v: 1;
  /** The head SHA this summary describes. */
  sha: string;
  /** Open findings at that head, for "fixed since the last review". */
  open: { fp: string; rule: string; path: string; title: string; severity: Finding['severity']; category: Finding['category'] }[];
}

const MAX_STATE_FINDINGS = 300;

/** The state a summary of this report remembers: its head and the findings open there. */
export function summaryState(report: ReviewReport): SummaryState {
  return {
    v: 1,
    sha: report.changeSet.headSha,
    // Titles are kept as shown: a model's title carries no raw mention or HTML even in the hidden state.
    open: report.merged.all.slice(0, MAX_STATE_FINDINGS).map((f) => ({ fp: f.fingerprint, rule: f.rule, path: f.path, title: neutraliseMarkdown(f.title, {}), severity: f.severity, category: f.category })),
  };
}

/** The state hidden in a summary comment's body, or null when there is none (or it is unreadable). */
export function readSummaryState(body: string | null | undefined): SummaryState | null {
  return readState<SummaryState>(body);
}
