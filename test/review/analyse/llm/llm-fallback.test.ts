import type { LlmPort } from '../../../../src/ports/llm.js';
import { createLlmAnalyzer } from '../../../../src/review/analyse/llm/llm-analyzer.js';
import { loadInstructions, loadPersona } from '../../../../src/persona/load-personas.js';
import type { FakeReply } from '../../../helpers/fake-anthropic.js';
import { makeAnalyzer, makeContext, routerChange, startFakeAnthropic, type FakeAnthropic } from './llm-fixtures.js';

const good: FakeReply = { kind: 'tool', input: { findings: [], summary: 'Sound change.', plan: [] } };

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function runWith(script: Parameters<typeof startFakeAnthropic>[0], adapter = {}, options = {}) {
  fake = await startFakeAnthropic(script);
  const analyzer = await makeAnalyzer(fake, options, adapter);
  const result = await analyzer.run(await makeContext({ changes: [routerChange()] }));
  return { result, requests: fake.requests };
}

describe('the LLM analyzer falls back to the static review and says why', () => {
  it.each([
    ['529', { kind: 'error', status: 529, type: 'overloaded_error' }, 'overloaded', 3],
    ['500', { kind: 'error', status: 500, type: 'api_error' }, 'server error', 3],
    ['401', { kind: 'error', status: 401, type: 'authentication_error' }, 'authentication failed', 1],
    ['a timeout', { kind: 'hang' }, 'timed out', 1],
  ] as [string, FakeReply, string, number][])('on %s', async (_label, reply, reason, requests) => {
    // A hanging service is cut by the request timeout (kept short here; the others never wait).
    const { result } = await runWith(reply, reply.kind === 'hang' ? { timeouts: { firstByteMs: 400, idleMs: 400 } } : {});
    expect(result).toMatchObject({ status: 'failed', findings: [], detail: `AI review unavailable: ${reason}` });
    expect(result.notReviewed).toEqual([{ path: 'app/routers/orders.py', reason: `not reviewed by AI (${reason})` }]);
    expect(result.usage).toMatchObject({ model: 'claude-sonnet-5-5', requests });
    expect(fake!.requests).toHaveLength(requests);
  });

  it('on 429, after waiting as retry-after says', async () => {
    const reply: FakeReply = { kind: 'error', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '1' } };
    const { result, requests } = await runWith(reply, { maxRetries: 1 });
    expect(result).toMatchObject({ status: 'failed', detail: 'AI review unavailable: rate limited' });
    expect(requests).toHaveLength(2);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('recovers when a 429 with retry-after is followed by an answer', async () => {
    const { result, requests } = await runWith([{ kind: 'error', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '0' } }, good]);
    expect(result).toMatchObject({ status: 'ok', overview: 'Sound change.' });
    expect(result.usage!.requests).toBe(2);
    expect(requests).toHaveLength(2);
  });

  it('retries a garbage tool input once, then falls back', async () => {
    const { result, requests } = await runWith({ kind: 'garbage' });
    expect(result).toMatchObject({ status: 'failed', detail: 'AI review unavailable: invalid output', findings: [] });
    expect(requests).toHaveLength(2);
    expect(requests[1].body).toEqual(requests[0].body);
  });

  it('accepts the retry when the second tool input is valid', async () => {
    const { result, requests } = await runWith([{ kind: 'garbage' }, good]);
    expect(result.status).toBe('ok');
    expect(requests).toHaveLength(2);
  });

  it('ends the whole stage at its deadline', async () => {
    // Requests would wait a minute: only the 300 ms stage deadline ends this within the test timeout.
    const { result } = await runWith({ kind: 'hang' }, { timeouts: { firstByteMs: 60_000, idleMs: 60_000 } }, { limits: { deadlineMs: 300 } });
    expect(result).toMatchObject({ status: 'failed', detail: 'AI review unavailable: timed out' });
  });

  it('is off without a key, or when the repo config turns it off, and sends nothing', async () => {
    const persona = await loadPersona('backend-agent');
    const instructions = await loadInstructions('review');
    const off = createLlmAnalyzer({ llm: undefined, persona, instructions });
    expect(await off.run(await makeContext({ changes: [routerChange()] }))).toEqual({ findings: [], status: 'skipped', detail: 'AI review off: no ANTHROPIC_API_KEY' });
    fake = await startFakeAnthropic(good);
    const analyzer = await makeAnalyzer(fake);
    const result = await analyzer.run(await makeContext({ changes: [routerChange()], settings: (s) => (s.llm.enabled = false) }));
    expect(result).toMatchObject({ status: 'skipped', detail: 'AI review off: llm.enabled is false in .github/backend-agent.yml' });
    expect(fake.requests).toHaveLength(0);
  });

  it('never throws, even when the port does', async () => {
    const persona = await loadPersona('backend-agent');
    const broken: LlmPort = {
      callTool: async () => {
        throw new Error('boom');
      },
    };
    const analyzer = createLlmAnalyzer({ llm: broken, persona, instructions: 'x' });
    const result = await analyzer.run(await makeContext({ changes: [routerChange()] }));
    expect(result).toEqual({ findings: [], status: 'failed', detail: 'AI review unavailable: unexpected error' });
  });
});
