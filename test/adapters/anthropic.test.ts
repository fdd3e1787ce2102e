import { z } from 'zod';
import { createAnthropicLlm, type AnthropicOptions } from '../../src/adapters/anthropic.js';
import type { LlmRequest } from '../../src/ports/llm.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply } from '../helpers/fake-anthropic.js';

const API_KEY = 'sk-ant-test-0123456789abcdef';
const tool = {
  name: 'answer',
  description: 'Answer the question.',
  schema: z.object({ verdict: z.enum(['yes', 'no']), reasons: z.array(z.string()) }),
};
const request = (extra: Partial<LlmRequest<z.infer<typeof tool.schema>>> = {}): LlmRequest<z.infer<typeof tool.schema>> => ({
  model: 'claude-haiku-4-5',
  system: [{ text: 'You are terse.'.repeat(10), cache: true }],
  user: 'Is it safe?',
  tool,
  maxOutputTokens: 500,
  ...extra,
});
const good: FakeReply = { kind: 'tool', input: { verdict: 'no', reasons: ['unbounded'] } };

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function llmFor(script: Parameters<typeof startFakeAnthropic>[0], options: Partial<AnthropicOptions> = {}) {
  fake = await startFakeAnthropic(script);
  return createAnthropicLlm({ apiKey: API_KEY, baseURL: fake.baseURL, baseDelayMs: 5, maxDelayMs: 20, timeouts: { firstByteMs: 300, idleMs: 300 }, ...options });
}

describe('createAnthropicLlm at the wire', () => {
  it('sends a streaming request with the cached system block, the tool schema and the forced tool choice', async () => {
    const llm = await llmFor(good);
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: true, value: { verdict: 'no', reasons: ['unbounded'] }, stopReason: 'tool_use', attempts: 1 });
    const [sent] = fake!.requests;
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.headers['anthropic-version']).toBeTruthy();
    expect(sent.raw).not.toContain(API_KEY);
    expect(sent.body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 500,
      stream: true,
      system: [{ type: 'text', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Is it safe?' }],
      tool_choice: { type: 'tool', name: 'answer' },
    });
    expect(sent.body.tools[0]).toMatchObject({
      name: 'answer',
      input_schema: { type: 'object', required: ['verdict', 'reasons'], properties: { verdict: { enum: ['yes', 'no'] } } },
    });
    expect(sent.body.tools[0].input_schema.$schema).toBeUndefined();
  });

  it('reports usage, including the cache write and then the cache read of the same prefix', async () => {
    const llm = await llmFor(good);
    const first = await llm.callTool(request());
    const second = await llm.callTool(request());
    if (!first.ok || !second.ok) throw new Error('expected success');
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.inputTokens).toBeGreaterThan(0);
    expect(second.usage.outputTokens).toBeGreaterThan(0);
  });

  it('retries an overloaded 529 and succeeds', async () => {
    const llm = await llmFor([{ kind: 'error', status: 529, type: 'overloaded_error' }, good]);
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(fake!.requests).toHaveLength(2);
  });

  it.each([
    [529, 'overloaded_error', 'overloaded'],
    [500, 'api_error', 'server error'],
    [503, 'api_error', 'server error'],
  ])('gives up on %i (%s) after the retries with reason "%s"', async (status, type, reason) => {
    const llm = await llmFor({ kind: 'error', status, type }, { maxRetries: 2 });
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: false, reason, attempts: 3 });
    expect(fake!.requests).toHaveLength(3);
  });

  it('honours retry-after on a 429', async () => {
    const llm = await llmFor([{ kind: 'error', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '1' } }, good], { maxRetries: 1 });
    const result = await llm.callTool(request());
    expect(result.ok).toBe(true);
    const [a, b] = fake!.requests;
    expect(b.at - a.at).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a retry-after longer than its limit', async () => {
    const llm = await llmFor({ kind: 'error', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '120' } });
    // Honouring the 120 s retry-after would outlast the test timeout.
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: false, reason: 'rate limited', attempts: 1 });
  });

  it.each([
    ['never answers', { kind: 'hang' } as FakeReply],
    ['stalls mid-stream', { kind: 'stall' } as FakeReply],
  ])('times out when the server %s, without a retry', async (_label, reply) => {
    // Without the 300 ms timeouts the call would never return (the test timeout ends it).
    const llm = await llmFor(reply);
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: false, reason: 'timed out' });
    expect(fake!.requests).toHaveLength(1);
  });

  it.each([
    ['a tool input that violates the schema', { kind: 'garbage' } as FakeReply, /does not match the schema/],
    ['a text answer instead of the tool', { kind: 'text' } as FakeReply, /no call of the forced tool/],
  ])('reports "invalid output" for %s, without retrying itself', async (_label, reply, detail) => {
    const llm = await llmFor(reply);
    const result = await llm.callTool(request());
    expect(result).toMatchObject({ ok: false, reason: 'invalid output', attempts: 1 });
    if (!result.ok) expect(result.detail).toMatch(detail);
    expect(fake!.requests).toHaveLength(1);
  });

  it('does not retry an authentication failure', async () => {
    const llm = await llmFor({ kind: 'error', status: 401, type: 'authentication_error' });
    expect(await llm.callTool(request())).toMatchObject({ ok: false, reason: 'authentication failed', attempts: 1 });
  });

  it('stops on the caller signal: "timed out" for a deadline, "cancelled" otherwise', async () => {
    const llm = await llmFor({ kind: 'hang' }, { timeouts: { firstByteMs: 10_000, idleMs: 10_000 } });
    expect(await llm.callTool(request({ signal: AbortSignal.timeout(100) }))).toMatchObject({ ok: false, reason: 'timed out' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await llm.callTool(request({ signal: controller.signal }))).toMatchObject({ ok: false, reason: 'cancelled' });
  });

  it('stops waiting for a retry when the deadline passes', async () => {
    const llm = await llmFor({ kind: 'error', status: 529, type: 'overloaded_error' }, { baseDelayMs: 5000, maxDelayMs: 5000 });
    const started = Date.now();
    const result = await llm.callTool(request({ signal: AbortSignal.timeout(200) }));
    expect(result).toMatchObject({ ok: false, reason: 'timed out', attempts: 1 });
    // The retry would have waited 5 s: the caller's deadline cut it short.
    expect(Date.now() - started).toBeLessThan(4500);
  });
});
