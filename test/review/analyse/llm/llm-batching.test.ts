import { BUDGET_REASON } from '../../../../src/review/analyse/llm/plan-batches.js';
import type { FileChange } from '../../../helpers/change-set.js';
import type { RecordedRequest } from '../../../helpers/fake-anthropic.js';
import { makeAnalyzer, makeContext, startFakeAnthropic, type FakeAnthropic } from './llm-fixtures.js';

// 40 services of ~1,800 characters (~500 estimated tokens) each.
const files: FileChange[] = Array.from({ length: 40 }, (_, i) => ({
  path: `app/services/svc_${String(i).padStart(2, '0')}.py`,
  head: Array.from({ length: 30 }, (_, n) => `async def handler_${i}_${n}(db):  # step ${n} of the service ${i}`).join('\n') + '\n',
}));

const pathsIn = (request: RecordedRequest): string[] => [...String(request.body.messages[0].content).matchAll(/^--- (\S+) \(/gm)].map((m) => m[1]);

// Answers each batch with one finding on the first line of its first file.
const perBatch = {
  kind: 'tool' as const,
  input: (request: RecordedRequest) => ({
    findings: [{ path: pathsIn(request)[0], line: 1, category: 'async', severity: 'medium', title: 'Blocking', body: 'Blocks the loop.' }],
    summary: `Batch of ${pathsIn(request).length}.`,
    plan: ['Fix it'],
  }),
};

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('batching a large diff', () => {
  it('splits 40 files into several requests of whole files under the per-request budget', async () => {
    fake = await startFakeAnthropic(perBatch);
    const analyzer = await makeAnalyzer(fake, { limits: { perRequestTokens: 8000, concurrency: 2 } });
    const result = await analyzer.run(await makeContext({ changes: files }));
    const sent = fake.requests.map(pathsIn);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.flat().sort()).toEqual(files.map((f) => f.path).sort());
    for (const request of fake.requests) expect(Math.ceil(JSON.stringify([request.body.system, request.body.messages]).length / 3.5)).toBeLessThanOrEqual(8000);
    expect(result).toMatchObject({ status: 'ok', dropped: 0 });
    expect(result.findings).toHaveLength(sent.length);
    expect(result.usage!.requests).toBe(sent.length);
    expect(result.plan).toEqual(['Fix it']);
    expect(result.notReviewed).toBeUndefined();
    expect(String(fake.requests[1].body.messages[0].content)).toMatch(new RegExp(`part \\d+ of ${sent.length}`));
  });

  it('stops at the hard cap and lists every file it did not send', async () => {
    fake = await startFakeAnthropic(perBatch);
    const analyzer = await makeAnalyzer(fake, { limits: { perRequestTokens: 8000, concurrency: 2 } });
    const ctx = await makeContext({ changes: files, settings: (s) => (s.llm.max_input_tokens = 12_000) });
    const result = await analyzer.run(ctx);
    const sent = fake.requests.flatMap(pathsIn);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(40);
    const notSent = files.map((f) => f.path).filter((p) => !sent.includes(p));
    expect(result.notReviewed).toEqual(notSent.map((path) => ({ path, reason: BUDGET_REASON })));
    expect(result.status).toBe('partial');
    expect(result.detail).toBe(`AI review partial: ${notSent.length} of 40 files not reviewed by AI (budget)`);
    const allBodies = fake.requests.map((r) => r.raw).join('\n');
    for (const path of notSent) expect(allBodies).not.toContain(path);
  });

  it('reviews files with static findings first when the cap bites', async () => {
    fake = await startFakeAnthropic(perBatch);
    const analyzer = await makeAnalyzer(fake, { limits: { perRequestTokens: 8000 } });
    const last = files[39].path;
    const previous = [{ path: last, line: 3, category: 'async' as const, severity: 'high' as const, rule: 'r', title: 't', message: 'm', source: 'static' as const }];
    await analyzer.run(await makeContext({ changes: files, previous, settings: (s) => (s.llm.max_input_tokens = 5000) }));
    expect(fake.requests.flatMap(pathsIn)[0]).toBe(last);
  });

  it('does not send later batches after the service fails, and names them', async () => {
    fake = await startFakeAnthropic({ kind: 'error', status: 529, type: 'overloaded_error' });
    const analyzer = await makeAnalyzer(fake, { limits: { perRequestTokens: 8000, concurrency: 1 } }, { maxRetries: 1 });
    const result = await analyzer.run(await makeContext({ changes: files }));
    expect(fake.requests).toHaveLength(2);
    expect(result.status).toBe('failed');
    expect(result.notReviewed).toHaveLength(40);
    expect(new Set(result.notReviewed!.map((n) => n.reason))).toEqual(new Set(['not reviewed by AI (overloaded)']));
  });

  it('keeps the findings of the batches that worked when a later one fails', async () => {
    fake = await startFakeAnthropic((request, index) => (index === 0 ? perBatch : { kind: 'error', status: 500, type: 'api_error' }));
    const analyzer = await makeAnalyzer(fake, { limits: { perRequestTokens: 8000, concurrency: 1 } }, { maxRetries: 0 });
    const result = await analyzer.run(await makeContext({ changes: files }));
    expect(result.status).toBe('partial');
    expect(result.findings).toHaveLength(1);
    expect(result.detail).toMatch(/^AI review partial: server error \(\d+ of 40 files not reviewed by AI\)$/);
  });
});
