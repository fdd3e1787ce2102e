import { addUsage, emptyUsage } from '../../../ports/llm.js';
import type { AnalyzerResult } from '../shared/analyzer.js';
import type { BatchOutcome } from './review-batches.js';

/**
 * Folds the batch outcomes into one AnalyzerResult. Every file that was not reviewed is listed
 * with its reason; the detail line is what the summary shows about the AI review.
 */
export function summariseOutcomes(params: {
  outcomes: readonly BatchOutcome[];
  budgetSkipped: { path: string; reason: string }[];
  reviewableFiles: number;
  model: string;
}): AnalyzerResult {
  const { outcomes, budgetSkipped, reviewableFiles, model } = params;
  const ok = outcomes.filter((o) => o.kind === 'ok');
  const failed = outcomes.filter((o) => o.kind !== 'ok');
  const tokens = outcomes.reduce((sum, o) => addUsage(sum, o.usage), emptyUsage());
  const usage = { model, requests: outcomes.reduce((n, o) => n + o.requests, 0), ...tokens };
  const failedFiles = failed.flatMap((o) => o.files.map((f) => ({ path: f.path, reason: `not reviewed by AI (${o.reason})` })));
  const notReviewed = [...budgetSkipped, ...failedFiles];
  const reason = (failed.find((o) => o.kind === 'failed') ?? failed[0])?.reason;
  const base = { notReviewed: notReviewed.length ? notReviewed : undefined, usage };
  if (!ok.length) {
    return { findings: [], status: 'failed', detail: `AI review unavailable: ${reason ?? 'nothing was sent'}`, ...base, dropped: 0 };
  }
  const findings = ok.flatMap((o) => (o.kind === 'ok' ? o.drafts : [])).sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  const dropped = ok.reduce((n, o) => n + (o.kind === 'ok' ? o.dropped : 0), 0);
  const summaries = ok.map((o) => (o.kind === 'ok' ? o.summary.trim() : '')).filter(Boolean);
  const plan = [...new Set(ok.flatMap((o) => (o.kind === 'ok' ? o.plan.map((s) => s.trim()) : [])))].filter(Boolean).slice(0, 8);
  const result: AnalyzerResult = { findings, status: 'ok', ...base, dropped, overview: summaries.join('\n\n') || undefined, plan };
  if (failed.length) {
    result.status = 'partial';
    result.detail = `AI review partial: ${reason} (${failedFiles.length} of ${reviewableFiles} files not reviewed by AI)`;
  } else if (budgetSkipped.length) {
    result.status = 'partial';
    result.detail = `AI review partial: ${budgetSkipped.length} of ${reviewableFiles} files not reviewed by AI (budget)`;
  }
  return result;
}
