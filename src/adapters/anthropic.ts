import Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';
import type { Log } from '../domain/logger.js';
import { silentLog } from '../domain/logger.js';
import { addUsage, emptyUsage, toolInputSchema, type LlmPort, type LlmRequest, type LlmResult } from '../ports/llm.js';
import { classifyAnthropicError } from './anthropic-errors.js';
import { streamMessage, type StreamTimeouts } from './anthropic-stream.js';

/**
 * The only module that talks to Claude. It sends one streaming request with a forced tool, retries
 * 429 / 529 / 5xx / dropped connections with backoff (honouring retry-after), and turns every
 * outcome into an LlmResult. The SDK's own retries are off so that the wait is bounded here.
 */
export interface AnthropicOptions {
  apiKey: string;
  baseURL?: string;
  timeouts?: Partial<StreamTimeouts>;
  /** Retries after the first attempt, for retryable failures. */
  maxRetries?: number;
  /** Backoff without retry-after: baseDelayMs × 2^n with jitter, at most maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A retry-after longer than this is not waited for: the call fails at once ("rate limited"). */
  maxRetryAfterMs?: number;
  log?: Log;
}

export const ANTHROPIC_DEFAULTS = {
  timeouts: { firstByteMs: 30_000, idleMs: 60_000 },
  maxRetries: 2,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
} as const;

export function createAnthropicLlm(options: AnthropicOptions): LlmPort {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    authToken: null,
    maxRetries: 0,
    // The SDK logs to the console at "warn" and reads ANTHROPIC_LOG; our logger is the only one.
    logLevel: 'off',
  });
  const settings = {
    timeouts: { ...ANTHROPIC_DEFAULTS.timeouts, ...options.timeouts },
    maxRetries: options.maxRetries ?? ANTHROPIC_DEFAULTS.maxRetries,
    baseDelayMs: options.baseDelayMs ?? ANTHROPIC_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? ANTHROPIC_DEFAULTS.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? ANTHROPIC_DEFAULTS.maxRetryAfterMs,
  };
  const log = options.log ?? silentLog;

  return {
    async callTool<T>(request: LlmRequest<T>): Promise<LlmResult<T>> {
      let usage = emptyUsage();
      let body: ReturnType<typeof toRequestBody>;
      try {
        body = toRequestBody(request);
      } catch (error) {
        return { ok: false, reason: 'bad request', detail: `cannot build the request: ${(error as Error).message}`, usage, attempts: 0 };
      }
      for (let attempt = 1; ; attempt++) {
        const attemptUsage = emptyUsage();
        try {
          const message = await streamMessage({ client, body, timeouts: settings.timeouts, signal: request.signal, usage: attemptUsage });
          usage = addUsage(usage, attemptUsage);
          const raw = message.toolInputs.get(request.tool.name);
          const parsed = parseToolInput(raw, request.tool.schema);
          if (!parsed.ok) {
            const detail = `${parsed.detail}${message.stopReason === 'max_tokens' ? ' (stopped at max_tokens)' : ''}`;
            return { ok: false, reason: 'invalid output', detail, usage, attempts: attempt };
          }
          return { ok: true, value: parsed.value, usage, stopReason: message.stopReason, model: message.model, attempts: attempt };
        } catch (error) {
          usage = addUsage(usage, attemptUsage);
          const failure = classifyAnthropicError(error, request.signal);
          const wait = failure.retryAfterMs ?? backoff(attempt, settings.baseDelayMs, settings.maxDelayMs);
          const retry = failure.retryable && attempt <= settings.maxRetries && wait <= settings.maxRetryAfterMs;
          log.warn({ reason: failure.reason, attempt, retry, waitMs: retry ? Math.round(wait) : undefined, detail: failure.detail }, 'anthropic request failed');
          if (!retry || !(await sleep(wait, request.signal))) {
            const final = request.signal?.aborted ? classifyAnthropicError(error, request.signal) : failure;
            return { ok: false, reason: final.reason, detail: final.detail, usage, attempts: attempt };
          }
        }
      }
    },
  };
}

function toRequestBody<T>(request: LlmRequest<T>): Omit<Anthropic.MessageCreateParamsStreaming, 'stream'> {
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    system: request.system.map((block) => ({ type: 'text' as const, text: block.text, ...(block.cache ? { cache_control: { type: 'ephemeral' as const } } : {}) })),
    messages: [{ role: 'user', content: request.user }],
    tools: [{ name: request.tool.name, description: request.tool.description, input_schema: toolInputSchema(request.tool.schema) }],
    tool_choice: { type: 'tool', name: request.tool.name, disable_parallel_tool_use: true },
  };
}

function parseToolInput<T>(raw: string | undefined, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; detail: string } {
  if (raw === undefined) return { ok: false, detail: 'the answer has no call of the forced tool' };
  let input: unknown;
  try {
    input = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return { ok: false, detail: 'the tool input is not valid JSON' };
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, detail: `the tool input does not match the schema: ${issues.join('; ')}` };
}

function backoff(attempt: number, baseMs: number, maxMs: number): number {
  const jitter = 1 - Math.random() * 0.25;
  return Math.min(baseMs * 2 ** (attempt - 1), maxMs) * jitter;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
