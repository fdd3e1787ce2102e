import { z } from 'zod';

/**
 * The small surface the core needs from a language model: one request with a system prompt, one
 * user message and one forced tool, answered by the tool's validated input. Reviews, plans and
 * triage all fit this shape. Implementations never throw: every failure is a result with a reason.
 */

export interface LlmSystemBlock {
  text: string;
  /** Cache the prompt prefix up to and including this block (tools + system), for repeated calls. */
  cache?: boolean;
}

export interface LlmTool<T> {
  /** `^[a-zA-Z0-9_-]{1,64}$`, e.g. `submit_review`. */
  name: string;
  description: string;
  /** Validates the tool input; its JSON Schema (input side) is what the model is given. */
  schema: z.ZodType<T>;
}

export interface LlmRequest<T> {
  /** A full model id (see persona/model-alias.ts). */
  model: string;
  system: LlmSystemBlock[];
  user: string;
  tool: LlmTool<T>;
  maxOutputTokens: number;
  /** Aborts the call and any retry wait: a reason of TimeoutError reads "timed out", others "cancelled". */
  signal?: AbortSignal;
}

export interface LlmCallUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Why a call failed, worded for the summary: "AI review unavailable: <reason>". */
export const LLM_FAILURE_REASONS = [
  'overloaded',
  'rate limited',
  'timed out',
  'server error',
  'invalid output',
  'authentication failed',
  'bad request',
  'not found',
  'connection failed',
  'cancelled',
  'unexpected error',
] as const;
export type LlmFailureReason = (typeof LLM_FAILURE_REASONS)[number];

export type LlmResult<T> =
  | { ok: true; value: T; usage: LlmCallUsage; stopReason: string | null; model: string; attempts: number }
  | {
      ok: false;
      reason: LlmFailureReason;
      /** For logs only: may quote the provider's message, never a secret. */
      detail: string;
      usage: LlmCallUsage;
      attempts: number;
    };

export interface LlmPort {
  callTool<T>(request: LlmRequest<T>): Promise<LlmResult<T>>;
}

export function emptyUsage(): LlmCallUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

export function addUsage(a: LlmCallUsage, b: LlmCallUsage): LlmCallUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

/** The JSON Schema of a tool input as the model should write it (zod's input side, no `$schema`). */
export function toolInputSchema(schema: z.ZodType): { type: 'object'; [key: string]: unknown } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return { ...json, type: 'object' };
}
