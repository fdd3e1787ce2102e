import type { ChangedFile } from '../../../domain/types.js';

export const BUDGET_REASON = 'not reviewed by AI (budget)';

export const DEFAULT_MAX_REQUEST_TOKENS = 150_000;

export interface BatchPlan {
  batches: ChangedFile[][];
  /** Estimated input tokens of every planned request (fixed part included). */
  plannedTokens: number;
  notReviewed: { path: string; reason: string }[];
}

export interface PlanBatchesParams {
  files: readonly ChangedFile[];
  /** Tokens every request carries whatever its files: system prompt, tool, framing, PR text. */
  fixedTokens: number;
  fileTokens: (file: ChangedFile) => number;
  /** Target size of one request; a single larger file still goes alone if the cap allows. */
  perRequestTokens: number;
  /** The hard cap of the review: the sum of all planned requests never exceeds it. */
  maxInputTokens: number;
  /** No request may exceed this, whatever the cap (the model's context minus room for the answer). */
  maxRequestTokens?: number;
  /** Paths reviewed first when the cap bites (e.g. files with static findings). */
  preferred?: ReadonlySet<string>;
}

// Migrations and Supabase config carry RLS and locking risks: they go before Python when the cap bites.
const KIND_ORDER: Record<ChangedFile['kind'], number> = { sql: 0, 'supabase-config': 1, python: 2, alembic: 3 };

/** Files the model can comment on: they still exist and their patch has new-side lines. */
export function isReviewable(file: ChangedFile): boolean {
  return file.content !== null && file.lines.right.size > 0;
}

/**
 * Packs whole files into requests under a per-request budget, most important files first, and
 * stops adding at the hard cap. A file that no longer fits is listed, never dropped silently; a
 * smaller file after it may still fit.
 */
export function planBatches(params: PlanBatchesParams): BatchPlan {
  const { fixedTokens, perRequestTokens, maxInputTokens, preferred } = params;
  const ceiling = params.maxRequestTokens ?? DEFAULT_MAX_REQUEST_TOKENS;
  const ordered = params.files
    .filter(isReviewable)
    .map((file, index) => ({ file, index, tokens: params.fileTokens(file) }))
    .sort((a, b) => rank(a.file, preferred) - rank(b.file, preferred) || a.index - b.index);
  const batches: { files: ChangedFile[]; tokens: number }[] = [];
  const notReviewed: BatchPlan['notReviewed'] = [];
  let planned = 0;
  for (const { file, tokens } of ordered) {
    const open = batches.find((b) => b.tokens + tokens <= perRequestTokens);
    const cost = open ? tokens : fixedTokens + tokens;
    if (planned + cost > maxInputTokens || fixedTokens + tokens > ceiling) {
      notReviewed.push({ path: file.path, reason: BUDGET_REASON });
      continue;
    }
    if (open) {
      open.files.push(file);
      open.tokens += tokens;
    } else {
      batches.push({ files: [file], tokens: fixedTokens + tokens });
    }
    planned += cost;
  }
  return { batches: batches.map((b) => b.files), plannedTokens: planned, notReviewed };
}

function rank(file: ChangedFile, preferred?: ReadonlySet<string>): number {
  return (preferred?.has(file.path) ? 0 : 10) + KIND_ORDER[file.kind];
}
