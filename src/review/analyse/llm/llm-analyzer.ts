import { toolInputSchema, type LlmPort } from '../../../ports/llm.js';
import type { Persona } from '../../../persona/parse-persona.js';
import { resolveModel } from '../../../persona/model-alias.js';
import { redactSecrets } from '../../../security/redact-secrets.js';
import { makeBoundary } from '../../../security/untrusted.js';
import type { Log } from '../../../domain/logger.js';
import type { ChangedFile } from '../../../domain/types.js';
import type { Analyzer, AnalyzerContext, AnalyzerResult } from '../shared/analyzer.js';
import { buildSystemBlocks, buildUserContent, formatHint } from './build-prompt.js';
import { estimateTokens, TOOL_USE_OVERHEAD_TOKENS } from './estimate-tokens.js';
import { isReviewable, planBatches } from './plan-batches.js';
import { renderNumberedDiff } from './render-diff.js';
import { createBatchReviewer } from './review-batches.js';
import { reviewTool } from './review-tool.js';
import { runLimited } from './run-limited.js';
import { summariseOutcomes } from './summarise-outcomes.js';

export interface LlmAnalyzerLimits {
  /** Target input tokens of one request; larger diffs are split into batches of whole files. */
  perRequestTokens: number;
  /** Requests in flight at once. */
  concurrency: number;
  maxOutputTokens: number;
  /** The whole AI stage ends here, whatever is still running; the static review goes out anyway. */
  deadlineMs: number;
  /** PR description characters sent (after sanitising). */
  maxBodyChars: number;
}

export const LLM_ANALYZER_DEFAULTS: LlmAnalyzerLimits = {
  perRequestTokens: 60_000,
  concurrency: 3,
  maxOutputTokens: 8192,
  deadlineMs: 240_000,
  maxBodyChars: 6000,
};

export interface LlmAnalyzerOptions {
  /** Undefined when there is no API key: the analyzer then reports itself off. */
  llm: LlmPort | undefined;
  /** Why `llm` is missing, for the summary (default "no ANTHROPIC_API_KEY"). */
  offReason?: string;
  persona: Persona;
  /** agents/instructions/review.md */
  instructions: string;
  /** BACKEND_AGENT_MODEL; the repo config's llm.model wins over it, and it over the persona. */
  model?: string;
  /** Values that must never reach a prompt or a comment (see collectSecrets). */
  secrets?: readonly string[];
  limits?: Partial<LlmAnalyzerLimits>;
}

/** The persona review on Claude, as an Analyzer of kind 'llm'. Its run never throws. */
export function createLlmAnalyzer(options: LlmAnalyzerOptions): Analyzer {
  return {
    name: options.persona.name,
    kind: 'llm',
    async run(ctx) {
      const log = ctx.log.child({ analyzer: options.persona.name });
      try {
        return await reviewWithLlm(options, ctx, log);
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'AI review crashed');
        return { findings: [], status: 'failed', detail: 'AI review unavailable: unexpected error' };
      }
    },
  };
}

async function reviewWithLlm(options: LlmAnalyzerOptions, ctx: AnalyzerContext, log: Log): Promise<AnalyzerResult> {
  const limits = { ...LLM_ANALYZER_DEFAULTS, ...options.limits };
  const secrets = options.secrets ?? [];
  if (!options.llm) return skipped(`AI review off: ${options.offReason ?? 'no ANTHROPIC_API_KEY'}`);
  if (!ctx.settings.llm.enabled) return skipped('AI review off: llm.enabled is false in .github/backend-agent.yml');
  let model: string;
  try {
    model = resolveModel({ repoConfig: ctx.settings.llm.model, env: options.model, persona: options.persona.model }).model;
  } catch (error) {
    return { findings: [], status: 'failed', detail: `AI review off: ${(error as Error).message}` };
  }
  const reviewable = ctx.changeSet.files.filter(isReviewable);
  if (!reviewable.length) return skipped('AI review: no changed lines to review');

  const boundary = makeBoundary();
  const system = buildSystemBlocks(options.persona, options.instructions).map((b) => ({ ...b, text: redactSecrets(b.text, secrets) }));
  const prefixTokens =
    system.reduce((n, b) => n + estimateTokens(b.text), 0) + estimateTokens(JSON.stringify(toolInputSchema(reviewTool.schema))) + TOOL_USE_OVERHEAD_TOKENS;
  const hintsFor = (files: readonly ChangedFile[]) => ctx.previous.filter((h) => files.some((f) => f.path === h.path));
  const userFor = (files: readonly ChangedFile[], index: number, count: number) =>
    redactSecrets(
      buildUserContent({
        changeSet: ctx.changeSet,
        files,
        hints: hintsFor(files),
        boundary,
        minSeverity: ctx.settings.min_severity,
        part: { index, count, totalFiles: reviewable.length },
        maxBodyChars: limits.maxBodyChars,
      }),
      secrets,
    );
  const maxInputTokens = ctx.settings.llm.max_input_tokens;
  const plan = planBatches({
    files: reviewable,
    // Every request: the prefix, plus the framing and PR text (measured with no files, as a split part).
    fixedTokens: prefixTokens + estimateTokens(userFor([], 99, 99)),
    fileTokens: (f) => estimateTokens(renderNumberedDiff(f)) + hintsFor([f]).reduce((n, h) => n + estimateTokens(formatHint(h)), 0),
    perRequestTokens: limits.perRequestTokens,
    maxInputTokens,
    preferred: new Set(ctx.previous.map((h) => h.path)),
  });
  if (!plan.batches.length) {
    return { findings: [], status: 'skipped', detail: `AI review skipped: the diff is over the budget of ${maxInputTokens} input tokens`, notReviewed: plan.notReviewed };
  }

  let reserved = plan.plannedTokens;
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, AbortSignal.timeout(limits.deadlineMs)]) : AbortSignal.timeout(limits.deadlineMs);
  const reviewBatch = createBatchReviewer({
    llm: options.llm,
    model,
    system,
    maxOutputTokens: limits.maxOutputTokens,
    signal,
    secrets,
    log,
    reserve: (tokens) => (reserved + tokens <= maxInputTokens ? ((reserved += tokens), true) : false),
  });
  log.info({ model, batches: plan.batches.length, files: reviewable.length, plannedTokens: plan.plannedTokens, maxInputTokens }, 'AI review starts');
  const outcomes = await runLimited(plan.batches, limits.concurrency, (files, i) => {
    const user = userFor(files, i + 1, plan.batches.length);
    return reviewBatch(files, user, prefixTokens + estimateTokens(user), i + 1);
  });
  const result = summariseOutcomes({ outcomes, budgetSkipped: plan.notReviewed, reviewableFiles: reviewable.length, model });
  log.info({ ...result.usage, status: result.status, findings: result.findings.length, dropped: result.dropped, notReviewed: result.notReviewed?.length ?? 0 }, 'AI review usage');
  return result;
}

function skipped(detail: string): AnalyzerResult {
  return { findings: [], status: 'skipped', detail };
}
