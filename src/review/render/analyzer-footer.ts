import type { AnalyzerRun } from '../analyse/run-analyzers.js';

const STATUS_ICON = { ok: '✓', partial: '◐', skipped: '–', failed: '✗' } as const;

/** One line per analyzer: what ran, how it went, and what the AI review cost. */
export function renderAnalyzerFooter(runs: readonly AnalyzerRun[]): string {
  const lines = runs.map((r) => {
    const detail = r.detail ? `: ${r.detail}` : '';
    const usage = r.usage
      ? ` · ${r.usage.model}, ${r.usage.requests} request(s), tokens in ${r.usage.inputTokens} / out ${r.usage.outputTokens} / cache read ${r.usage.cacheReadTokens} / cache write ${r.usage.cacheWriteTokens}`
      : '';
    const dropped = r.dropped ? ` · ${r.dropped} finding(s) not on the diff dropped` : '';
    return `${STATUS_ICON[r.status]} **${r.name}** (${r.kind}, ${r.ms} ms)${detail}${usage}${dropped}`;
  });
  if (!runs.some((r) => r.kind === 'llm')) lines.push('– **AI review** off: set ANTHROPIC_API_KEY to add the persona review on Claude.');
  return `<sub>${lines.join('<br>')}</sub>`;
}
