import type { AnalyzerRun } from '../analyse/run-analyzers.js';
import type { FindingDraft } from '../types.js';

/** All analyzers' findings, static first, as one list for the merge stage. */
export function combineSources(runs: readonly AnalyzerRun[]): FindingDraft[] {
  const staticDrafts = runs.filter((r) => r.kind === 'static').flatMap((r) => r.findings);
  const llmDrafts = runs.filter((r) => r.kind === 'llm').flatMap((r) => r.findings);
  return [...staticDrafts, ...llmDrafts];
}
