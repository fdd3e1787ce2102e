import { mergeWithStatic } from './merge-llm.js';
import { mergeLive } from './merge-live.js';
import type { AnalyzerRun } from '../analyse/run-analyzers.js';
import type { FindingDraft } from '../../domain/types.js';

/**
 * All analyzers' findings as one list: the live database stage's findings merge into the static
 * ones they confirm, and the persona's findings enrich those on the same line.
 */
export function combineSources(runs: readonly AnalyzerRun[]): FindingDraft[] {
  const staticDrafts = runs.filter((r) => r.kind === 'static').flatMap((r) => r.findings);
  const liveDrafts = runs.filter((r) => r.kind === 'live').flatMap((r) => r.findings);
  const llmDrafts = runs.filter((r) => r.kind === 'llm').flatMap((r) => r.findings);
  return mergeWithStatic(mergeLive(staticDrafts, liveDrafts), llmDrafts);
}
