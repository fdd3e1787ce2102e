import { addUsage, emptyUsage, type LlmCallUsage, type LlmFailureReason, type LlmPort, type LlmSystemBlock } from '../../../ports/llm.js';
import type { Log } from '../../../domain/logger.js';
import type { ChangedFile, FindingDraft } from '../../../domain/types.js';
import { reviewTool } from './review-tool.js';
import { cleanModelText, toLlmDrafts } from './to-drafts.js';
import { vetSuggestions } from './vet-suggestion.js';

export type BatchOutcome =
  | { kind: 'ok'; files: ChangedFile[]; drafts: FindingDraft[]; dropped: number; summary: string; plan: string[]; usage: LlmCallUsage; requests: number }
  | { kind: 'failed' | 'not sent'; files: ChangedFile[]; reason: LlmFailureReason; usage: LlmCallUsage; requests: number };

export interface BatchRunner {
  llm: LlmPort;
  model: string;
  system: LlmSystemBlock[];
  maxOutputTokens: number;
  signal: AbortSignal;
  secrets: readonly string[];
  log: Log;
  /** Whether `tokens` more input may still be sent under the review's hard cap; records them if so. */
  reserve(tokens: number): boolean;
}

/**
 * Reviews one batch: one request, and one more if the answer did not match the schema (budget
 * permitting). After a failure of the service itself (overloaded, rate limited, timed out, ...)
 * later batches are not sent: they would fail the same way and only delay the static review.
 */
export function createBatchReviewer(runner: BatchRunner) {
  let stopReason: LlmFailureReason | undefined;
  return async function reviewBatch(files: ChangedFile[], user: string, estimate: number, batch: number): Promise<BatchOutcome> {
    let usage = emptyUsage();
    let requests = 0;
    for (let attempt = 1; ; attempt++) {
      if (stopReason) return { kind: 'not sent', files, reason: stopReason, usage, requests };
      const result = await runner.llm.callTool({
        model: runner.model,
        system: runner.system,
        user,
        tool: reviewTool,
        maxOutputTokens: runner.maxOutputTokens,
        signal: runner.signal,
      });
      usage = addUsage(usage, result.usage);
      requests += result.attempts;
      if (result.ok) {
        const listed = toLlmDrafts({ findings: result.value.findings, files, secrets: runner.secrets });
        const { dropped } = listed;
        const drafts = await vetSuggestions(listed.drafts, files);
        if (dropped) runner.log.info({ batch, dropped }, 'dropped AI findings that were not on the diff');
        const summary = cleanModelText(result.value.summary, runner.secrets);
        const plan = result.value.plan.map((step) => cleanModelText(step, runner.secrets)).filter(Boolean);
        return { kind: 'ok', files, drafts, dropped, summary, plan, usage, requests };
      }
      runner.log.warn({ batch, attempt, reason: result.reason, detail: result.detail }, 'AI review request failed');
      const retry = result.reason === 'invalid output' && attempt === 1 && runner.reserve(estimate);
      if (!retry) {
        if (result.reason !== 'invalid output') stopReason ??= result.reason;
        return { kind: 'failed', files, reason: result.reason, usage, requests };
      }
    }
  };
}
