import { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError, RateLimitError } from '@anthropic-ai/sdk';
import { classifyAnthropicError, readRetryAfterMs, StreamCutError, StreamIdleError } from '../../src/adapters/anthropic-errors.js';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('classifyAnthropicError', () => {
  it('maps statuses and error types to reasons and retry decisions', () => {
    expect(classifyAnthropicError(new InternalServerError(529, { error: { type: 'overloaded_error' } }, 'x', headers()))).toMatchObject({ reason: 'overloaded', retryable: true });
    expect(classifyAnthropicError(new RateLimitError(429, {}, 'x', headers({ 'retry-after': '7' })))).toMatchObject({ reason: 'rate limited', retryable: true, retryAfterMs: 7000 });
    expect(classifyAnthropicError(new APIError(400, { error: { type: 'invalid_request_error' } }, 'x', headers()))).toMatchObject({ reason: 'bad request', retryable: false });
    expect(classifyAnthropicError(new APIError(404, {}, 'x', headers()))).toMatchObject({ reason: 'not found', retryable: false });
    // An error event inside a 200 stream has no status, only a type.
    expect(classifyAnthropicError(new APIError(undefined, { error: { type: 'overloaded_error' } }, undefined, headers(), 'overloaded_error'))).toMatchObject({ reason: 'overloaded', retryable: true });
  });

  it('treats timeouts as final, and dropped connections as retryable', () => {
    expect(classifyAnthropicError(new APIConnectionTimeoutError())).toMatchObject({ reason: 'timed out', retryable: false });
    expect(classifyAnthropicError(new StreamIdleError(5))).toMatchObject({ reason: 'timed out', retryable: false });
    expect(classifyAnthropicError(new APIConnectionError({ message: 'reset' }))).toMatchObject({ reason: 'connection failed', retryable: true });
    expect(classifyAnthropicError(new StreamCutError())).toMatchObject({ reason: 'connection failed', retryable: true });
    expect(classifyAnthropicError(new TypeError('bug'))).toMatchObject({ reason: 'unexpected error', retryable: false });
  });
});

describe('readRetryAfterMs', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(readRetryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(readRetryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(readRetryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(readRetryAfterMs(headers())).toBeUndefined();
  });
});
