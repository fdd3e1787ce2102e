import type { Analyzer, AnalyzerContext, AnalyzerResult } from './shared/analyzer.js';
import type { FindingDraft } from '../../domain/types.js';
import { narrowToChangedSince } from '../collect/changed-since.js';

export interface AnalyzerRun extends AnalyzerResult {
  name: string;
  kind: Analyzer['kind'];
  ms: number;
}

/**
 * Runs every analyzer in order; each sees the findings of those before it (the static engine
 * feeds the persona). An analyzer that throws becomes a failed run: it never costs the review.
 */
export async function runAnalyzers(analyzers: readonly Analyzer[], ctx: Omit<AnalyzerContext, 'previous'>): Promise<AnalyzerRun[]> {
  const runs: AnalyzerRun[] = [];
  const previous: FindingDraft[] = [];
  for (const analyzer of analyzers) {
    const started = performance.now();
    let result: AnalyzerResult;
    try {
      // The persona costs money: in an incremental review it sees only what changed since.
      const changeSet = analyzer.kind === 'llm' ? narrowToChangedSince(ctx.changeSet) : ctx.changeSet;
      result = await analyzer.run({ ...ctx, changeSet, previous: [...previous], log: ctx.log.child({ analyzer: analyzer.name }) });
    } catch (err) {
      ctx.log.error({ err, analyzer: analyzer.name }, 'analyzer failed');
      result = { findings: [], status: 'failed', detail: `${analyzer.name} failed: ${(err as Error).message}` };
    }
    const ms = Math.round(performance.now() - started);
    ctx.log.info({ analyzer: analyzer.name, status: result.status, findings: result.findings.length, ms }, 'analyzer finished');
    runs.push({ ...result, name: analyzer.name, kind: analyzer.kind, ms });
    previous.push(...result.findings);
  }
  return runs;
}
