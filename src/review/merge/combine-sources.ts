import { mergeWithStatic } from './merge-llm.js';
import type { AnalyzerRun } from '../analyse/run-analyzers.js';
import type { FindingDraft } from '../types.js';

/** All analyzers' findings as one list: the persona's findings enrich the static ones on the same line. */
export function combineSources(runs: readonly AnalyzerRun[]): FindingDraft[] {
  const staticDrafts = runs.filter((r) => r.kind === 'static').flatMap((r) => r.findings);
  const llmDrafts = runs.filter((r) => r.kind === 'llm').flatMap((r) => r.findings);
  return mergeWithStatic(staticDrafts, llmDrafts);
}
