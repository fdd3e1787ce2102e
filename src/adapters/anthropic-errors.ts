import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { LlmFailureReason } from '../ports/llm.js';

export interface ClassifiedError {
  reason: LlmFailureReason;
  retryable: boolean;
  /** What the server asked us to wait (retry-after-ms / retry-after), when it said. */
  retryAfterMs?: number;
  detail: string;
}

/** Thrown by the stream reader when no event arrived in time (the SDK's own timeout covers headers only). */
export class StreamIdleError extends Error {
  constructor(ms: number) {
    super(`no stream event for ${ms} ms`);
    this.name = 'StreamIdleError';
  }
}

/** Thrown when a stream ends before message_stop. */
export class StreamCutError extends Error {
  constructor() {
    super('the stream ended before message_stop');
    this.name = 'StreamCutError';
  }
}

const BY_TYPE: Record<string, [LlmFailureReason, boolean]> = {
  overloaded_error: ['overloaded', true],
  rate_limit_error: ['rate limited', true],
  api_error: ['server error', true],
  timeout_error: ['timed out', true],
  authentication_error: ['authentication failed', false],
  permission_error: ['authentication failed', false],
  billing_error: ['authentication failed', false],
  not_found_error: ['not found', false],
  invalid_request_error: ['bad request', false],
  request_too_large: ['bad request', false],
};

function byStatus(status: number): [LlmFailureReason, boolean] {
  if (status === 529) return ['overloaded', true];
  if (status === 429) return ['rate limited', true];
  if (status === 408) return ['timed out', true];
  if (status === 409 || status >= 500) return ['server error', true];
  if (status === 401 || status === 403 || status === 402) return ['authentication failed', false];
  if (status === 404) return ['not found', false];
  return ['bad request', false];
}

export function readRetryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Maps an SDK (or stream) error to a reason for the summary and to a retry decision. */
export function classifyAnthropicError(error: unknown, signal?: AbortSignal): ClassifiedError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
  if (signal?.aborted) {
    const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
    return { reason: timedOut ? 'timed out' : 'cancelled', retryable: false, detail };
  }
  if (error instanceof StreamIdleError || error instanceof APIConnectionTimeoutError) return { reason: 'timed out', retryable: false, detail };
  if (error instanceof StreamCutError) return { reason: 'connection failed', retryable: true, detail };
  if (error instanceof APIUserAbortError) return { reason: 'cancelled', retryable: false, detail };
  if (error instanceof APIConnectionError) return { reason: 'connection failed', retryable: true, detail };
  if (error instanceof APIError) {
    const known = (error.type && BY_TYPE[error.type]) || (error.status ? byStatus(error.status) : undefined);
    const [reason, retryable] = known ?? ['server error', true];
    return { reason, retryable, retryAfterMs: readRetryAfterMs(error.headers), detail };
  }
  return { reason: 'unexpected error', retryable: false, detail };
}
